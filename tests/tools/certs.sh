# shellcheck shell=bash
# Test certificates made on the spot with openssl (source it): a private CA and server certificates
# that are good, expired, for the wrong host, or self-signed. Nothing here is ever a real secret.
# certs_make DIR creates in DIR:
#   ca.pem                         the test CA (give it with --ca-bundle / AWS_CA_BUNDLE)
#   good.pem good.key              signed by the CA, for 127.0.0.1 and localhost, valid now
#   expired.pem expired.key        signed by the CA, for 127.0.0.1, valid only in January 2020
#   wronghost.pem wronghost.key    signed by the CA, valid now, but for wrong.example only
#   selfsigned.pem selfsigned.key  for 127.0.0.1, valid now, signed by itself
# Returns non-zero (with openssl's words on stderr) when any of them cannot be made.

# certs_key_csr DIR NAME CN SAN: a P-256 key and a signing request.
certs_key_csr() {
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1/$2.key" -out "$1/$2.csr" -subj "/CN=$3" -addext "subjectAltName=$4" \
        -addext "extendedKeyUsage=serverAuth" 2>"$1/$2.log"
}

# certs_sign DIR NAME DATES...: the CA signs NAME.csr; DATES are openssl ca options.
certs_sign() {
    local dir=$1 name=$2
    shift 2
    (cd "$dir" && openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -notext \
        -in "$name.csr" -out "$name.pem" "$@" 2>>"$name.log")
}

certs_make() {
    local d=$1
    mkdir -p "$d" || return 1
    # `openssl ca` is the one OpenSSL 3.0 tool that sets any start and end date (-startdate,
    # -enddate), which an expired certificate needs without faking the clock.
    cat >"$d/ca.cnf" <<'EOF'
[ca]
default_ca = klx
[klx]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
EOF
    : >"$d/index.txt"
    echo 1000 >"$d/serial"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$d/ca.key" -out "$d/ca.pem" -days 30 -subj "/CN=klaxon test CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>"$d/ca.log" ||
        { cat "$d/ca.log" >&2; return 1; }
    certs_key_csr "$d" good 127.0.0.1 "IP:127.0.0.1,DNS:localhost" &&
        certs_sign "$d" good -days 30 &&
        certs_key_csr "$d" expired 127.0.0.1 "IP:127.0.0.1,DNS:localhost" &&
        certs_sign "$d" expired -startdate 20200101000000Z -enddate 20200201000000Z &&
        certs_key_csr "$d" wronghost wrong.example "DNS:wrong.example" &&
        certs_sign "$d" wronghost -days 30 || { cat "$d"/*.log >&2; return 1; }
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$d/selfsigned.key" -out "$d/selfsigned.pem" -days 30 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>"$d/selfsigned.log" ||
        { cat "$d/selfsigned.log" >&2; return 1; }
    chmod 600 "$d"/*.key
}
