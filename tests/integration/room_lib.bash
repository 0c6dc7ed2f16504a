# Helpers for tests that play trainees in a real drill room (doc/room.md). Source after lib.sh,
# with SIM_URL set (start_sim --scenarios ...).
#   room_post PATH JSON           POST to the room; prints the answer
#   room_join NAME                join; sets ID, KEY, SECRET, SCENARIO
#   room_declare SCEN IMPACT TOK  start-incident with the scenario's model body at this impact,
#                                 signed with the last joined trainee's keys (exit status kept)
room_post() { curl -sS -X POST -H 'Content-Type: application/json' --data "$2" "$SIM_URL$1"; }
room_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
room_join() {
    local out
    out=$(room_post /room/join "{\"name\": \"$1\"}")
    ID=$(room_field trainee <<<"$out") KEY=$(room_field access_key_id <<<"$out")
    SECRET=$(room_field secret_access_key <<<"$out") SCENARIO=$(room_field scenario <<<"$out")
}
room_declare() {
    python3 -c 'import json,sys; m=json.load(open("scenarios/%s.json" % sys.argv[1]))["model"];
m["impact"]=int(sys.argv[2]); print(json.dumps(m))' "$1" "$2" >"$T_TMP/body.json"
    AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET AWS_REGION=us-east-1 \
        "$KLAXON" start-incident --endpoint-url "$SIM_URL" --cli-input-json "file://$T_TMP/body.json" \
        --client-token "$3" >/dev/null 2>"$T_TMP/declare.err"
}
