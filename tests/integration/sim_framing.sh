#!/usr/bin/env bash
# klaxon-sim refuses a request whose HTTP framing is ambiguous or malformed -- two lengths, a
# length beside chunked, a length that is not a number, a transfer coding it cannot read, two
# Hosts, a header name with a space before the colon, a control character in a value -- with 400
# and a closed connection (RFC 9112 sections 3.2, 5.1, 6.3), over raw sockets.
source "$(dirname "$0")/lib.sh"
start_sim || { finish; exit; }
port=${SIM_URL##*:}
raw() { printf "$1" | python3 "$(dirname "$0")/../tools/raw_http.py" "$port"; }
H='POST /listResponsePlans HTTP/1.1\r\nHost: 127.0.0.1\r\n'
CHUNKED='\r\n2\r\n{}\r\n0\r\n\r\n'

# The controls: well-framed requests are read and answered (403: unsigned) on a kept connection.
check_eq "Content-Length: answered, kept open" "$(raw "${H}Content-Length: 2\r\n\r\n{}")" "403 open"
check_eq "chunked: answered, kept open" "$(raw "${H}Transfer-Encoding: chunked\r\n$CHUNKED")" \
    "403 open"
check_eq "a folded header line (obs-fold) is read as one space" \
    "$(raw "${H}X-Note: a\r\n b\r\nContent-Length: 2\r\n\r\n{}")" "403 open"

refused() { # NAME REQUEST
    check_eq "$1: 400, closed" "$(raw "$2")" "400 closed"
}
refused "two equal Content-Lengths" "${H}Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"
refused "two different Content-Lengths" "${H}Content-Length: 2\r\nContent-Length: 7\r\n\r\n{}"
refused "one Content-Length listing two" "${H}Content-Length: 2, 2\r\n\r\n{}"
refused "Content-Length beside chunked" \
    "${H}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n$CHUNKED"
refused "Content-Length with a sign" "${H}Content-Length: +2\r\n\r\n{}"
refused "a negative Content-Length" "${H}Content-Length: -1\r\n\r\n{}"
refused "Content-Length with junk after the digits" "${H}Content-Length: 2x\r\n\r\n{}"
refused "an empty Content-Length" "${H}Content-Length: \r\n\r\n{}"
refused "a Content-Length of 19 digits" "${H}Content-Length: 1000000000000000002\r\n\r\n{}"
refused "a transfer coding other than chunked" "${H}Transfer-Encoding: gzip, chunked\r\n$CHUNKED"
refused "chunked twice" "${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n$CHUNKED"
refused "two Host headers" "${H}Host: elsewhere.example\r\nContent-Length: 2\r\n\r\n{}"
refused "no Host header" 'POST /listResponsePlans HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}'
refused "a space before the colon (Transfer-Encoding : chunked)" \
    "${H}Transfer-Encoding : chunked\r\nContent-Length: 2\r\n\r\n{}"
refused "a header name with a space" "${H}Bad Name: x\r\nContent-Length: 2\r\n\r\n{}"
refused "a control character in a header value" "${H}X-Note: a\001b\r\nContent-Length: 2\r\n\r\n{}"

check "the refusals are logged with their reason" grep -q \
    '"status":400,"error":"BadRequestException","message":"The request is refused: it has more than one Content-Length header."' \
    "$SIM_LOG"
finish
