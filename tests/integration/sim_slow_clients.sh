#!/usr/bin/env bash
# A slow client holds up nobody: with 500 connections open that trickle their requests (half one
# header line a second, half one body byte a second), a fresh client is still answered, and the
# simulator cuts each slow one off at its whole-request deadline (30 s) however it trickles.
source "$(dirname "$0")/lib.sh"
start_sim --quiet || { finish; exit; }
port=${SIM_URL##*:}
out=$(timeout 150 python3 "$(dirname "$0")/../tools/slow_clients.py" "$port" --count 500 \
    --wait-close 60 2>&1)
echo "$out"
field() { sed -n "s/^$1 //p" <<<"$out" | cut -d' ' -f1; }
check_eq "500 slow connections opened" "$(field opened)" 500
check_eq "a fresh client is answered (403: it is unsigned) while they are open" "$(field fresh)" 403
check_eq "all 500 were still open when it was answered" "$(field open_at_answer)" 500
check_eq "the deadline ends every slow connection" "$(field closed_by_server)" 500
check "the simulator is still serving afterwards" \
    bash -c "curl -s -o /dev/null -w '%{http_code}' -X POST '$SIM_URL/listResponsePlans' | grep -qx 403"
finish
