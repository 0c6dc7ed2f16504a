#!/usr/bin/env python3
"""The house's rules, read from the source as text (README, Architecture): folders depend one way,
only tui/ includes curses and only the keyring plugin libsecret, no function over 80 lines, no
file over 600 lines but the one cohesive piece allowed, no circle of files inside a folder.
Prints one line per breach and exits 1 if there is any; `--report` prints the measures too."""
import os
import re
import sys

FOLDERS = ["core", "forms", "client", "session", "tui", "cli", "sim"]
# What each folder may include besides itself (cli -> tui -> session -> forms, client -> core;
# sim -> client (signer), forms -> core).
MAY_USE = {
    "core": set(),
    "forms": {"core"},
    "client": {"core"},
    "session": {"forms", "client", "core"},
    "tui": {"session", "forms", "client", "core"},
    "cli": {"tui", "session", "forms", "client", "core"},
    "sim": {"forms", "client", "core"},
}
MAX_FUNCTION = 80
MAX_FILE = 600
# One cohesive piece, read top to bottom in the order of the specification's steps.
BIG_FILES_ALLOWED = {"client/sigv4.c"}
CURSES = re.compile(r'#\s*include\s*[<"](n?cursesw?/)?(n?curses|term|panel|menu|form)\.h[>"]')
LIBSECRET = re.compile(r'#\s*include\s*<libsecret/')
INCLUDE = re.compile(r'#\s*include\s*"([a-z_]+)/([a-z_0-9]+)\.h"')
WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
NAME = re.compile(r"([A-Za-z_][A-Za-z_0-9]*)\s*\(")


def sources(root):
    for folder in FOLDERS:
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    path = os.path.join(dirpath, f)
                    yield os.path.relpath(path, root), folder


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text)


def functions(lines):
    """(name, first line, body lines, static?) of each definition: clang-format puts a
    function's braces alone in column 0."""
    start = None
    for i, line in enumerate(lines):
        if line == "{":
            start = i
        elif line == "}" and start is not None:
            head = start - 1
            while head > 0 and (not lines[head] or lines[head][0] in " \t)"):
                head -= 1
            sig = " ".join(lines[head:start])
            m = NAME.search(sig)
            if m and "=" not in sig.split("(")[0]:
                yield m.group(1), start + 1, i - start - 1, sig.lstrip().startswith(
                    ("static", "__attribute__"))
            start = None


def check(root, report):
    problems = []
    defined = {}  # folder -> {name: file} of functions other files may call
    words = {}  # file -> identifiers it uses
    for rel, folder in sources(root):
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            raw = fh.read()
        lines = raw.split("\n")
        n = len(lines) - (1 if raw.endswith("\n") else 0)
        if n > MAX_FILE and rel not in BIG_FILES_ALLOWED:
            problems.append(f"{rel}: {n} lines, over {MAX_FILE}: split it by job")
        elif report and n > MAX_FILE:
            print(f"allowed: {rel}: {n} lines (one cohesive piece)")
        for m in INCLUDE.finditer(raw):
            dep = m.group(1)
            if dep in MAY_USE and dep != folder and dep not in MAY_USE[folder]:
                problems.append(f"{rel}: includes {dep}/{m.group(2)}.h: {folder}/ may not "
                                f"depend on {dep}/")
        if CURSES.search(raw) and folder != "tui":
            problems.append(f"{rel}: includes curses: only tui/ may")
        if LIBSECRET.search(raw) and rel != "client/keyring_secret.c":
            problems.append(f"{rel}: includes libsecret: only the keyring plugin may")
        if not rel.endswith(".c"):
            continue
        code = strip_comments(raw).split("\n")
        for name, first, length, static in functions(code):
            if length > MAX_FUNCTION:
                problems.append(f"{rel}:{first}: {name} is {length} lines, over {MAX_FUNCTION}")
            if not static:
                defined.setdefault(folder, {})[name] = rel
        words[rel] = set(WORD.findall("\n".join(code)))
    problems += circles(defined, words, report)
    return problems


def circles(defined, words, report):
    """Files of one folder as nodes, a -> b when a uses a function b defines: every strongly
    connected part must be one file (Tarjan's algorithm, iteratively)."""
    found = []
    for folder, names in sorted(defined.items()):
        files = sorted({f for f in words if f.startswith(folder + "/")})
        edges = {f: sorted({names[w] for w in words[f] if w in names and names[w] != f})
                 for f in files}
        for part in strongly_connected(files, edges):
            if len(part) > 1:
                ties = []
                for a in part:
                    for b in edges[a]:
                        if b in part:
                            used = sorted(w for w in words[a] if names.get(w) == b)
                            ties.append(f"{a} -> {b} ({', '.join(used[:4])})")
                found.append(f"{folder}/: a circle of files: " + "; ".join(ties))
        if report:
            print(f"{folder}/: {len(files)} files, "
                  f"{sum(len(v) for v in edges.values())} calls between files")
    return found


def strongly_connected(nodes, edges):
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter[0]
                counter[0] += 1
                stack.append(v)
                on.add(v)
            if i < len(edges[v]):
                work.append((v, i + 1))
                w = edges[v][i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                part = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    part.append(w)
                    if w == v:
                        break
                out.append(sorted(part))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def main():
    args = sys.argv[1:]
    report = "--report" in args
    roots = [a for a in args if not a.startswith("--")]
    problems = check(roots[0] if roots else ".", report)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
