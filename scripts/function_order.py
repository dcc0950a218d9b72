#!/usr/bin/env python3
"""Writes link/function-order.txt from callgrind profiles of each role.

Every Bramble process runs the same binary, so the code each one runs is
scattered over all of it, and the kernel maps 64 KiB of a file around every
page fault: a node daemon had most of the binary's text resident though it
runs a tenth of it. The linker (lld's --symbol-ordering-file, CMakeLists.txt)
places the functions listed here first, in this order, grouped by the set
of roles that ran them, so that each role touches few, long runs of pages.

usage: function_order.py BINARY OUTPUT NODE_OUTPUT PROFILE...
A profile is a callgrind.out file (valgrind --tool=callgrind --demangle=no);
its `cmd:` line names the role: `bramble controller`, `bramble node`,
`bramble stepd`, and anything else is a client command. The node daemon and
step supervisors run as bramble-node beside BINARY: NODE_OUTPUT is its own
list (with the functions of its static libc), grouped by those two roles.
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

CLIENT, CONTROLLER, NODE, STEPD = 1, 2, 4, 8
ROLE_OF_SUBCOMMAND = {"controller": CONTROLLER, "node": NODE, "stepd": STEPD}

# Groups of roles in placement order. Each role's groups stay next to each
# other where they can, so a role maps a few long runs of pages: the
# controller's groups come first, then the clients', then the node daemon's
# and the step supervisor's.
PLACEMENT = [
    CONTROLLER, CONTROLLER | STEPD, CONTROLLER | NODE | STEPD, CONTROLLER | NODE,
    CLIENT | CONTROLLER | NODE, CLIENT | CONTROLLER | NODE | STEPD, CLIENT | CONTROLLER | STEPD,
    CLIENT | CONTROLLER, CLIENT, CLIENT | STEPD, CLIENT | NODE | STEPD, CLIENT | NODE,
    NODE, NODE | STEPD, STEPD,
]

NAMED = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")


def functions_run(profile, binaries):
    """(role, set of function names in `binaries` (base names) that ran) of one profile."""
    objects, functions, ran = {}, {}, set()
    current_object, role = None, None
    with open(profile, errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("cmd:"):
                words = line.split()
                if len(words) < 2 or not words[1].endswith(binaries):
                    return None, set()
                role = ROLE_OF_SUBCOMMAND.get(words[2] if len(words) > 2 else "", CLIENT)
                continue
            match = NAMED.match(line)
            if not match:
                continue
            kind, key, name = match.groups()
            table = objects if kind.endswith("ob") else functions
            if name:
                table[key] = name
            if kind == "ob":
                current_object = objects.get(key)
            elif kind == "fn" and current_object and current_object.endswith(binaries):
                if functions.get(key):
                    ran.add(functions[key])
    return role, ran


# bramble-node runs only the node daemon and the step supervisors: its list
# keeps just those roles, the supervisor's functions next to each other.
NODE_PLACEMENT = [STEPD, NODE | STEPD, NODE]

# glibc picks its string functions by the CPU at start-up (IFUNC), and
# valgrind's CPU has fewer features than the real one: a profile names
# __memmove_sse2_unaligned where a real run calls __memmove_avx_unaligned_erms.
# Every variant of a listed one is listed with it.
IFUNC_VARIANT = re.compile(r"^(__(?:mem|str|stp|wmem|wcs|raw|rawmem)[a-z]*)_(?:sse2|ssse3|sse4|avx|evex)")

# In a static binary every IFUNC resolver runs at start-up (glibc's own
# relocation of the executable), and under valgrind few of them show: they
# lead the list of bramble-node, which has a static libc.
IFUNC_RESOLVER = re.compile(r"_ifunc$")


def symbol_addresses(binary):
    """Function name -> address in `binary`."""
    address = {}
    symbols = subprocess.run(["nm", "--defined-only", binary], check=True,
                             capture_output=True, text=True).stdout
    for line in symbols.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tTwW":
            address.setdefault(fields[2], int(fields[0], 16))
    return address


def write_list(output, roles_of, address, placement, mask, lead=None):
    """Writes the functions of `address` that ran, grouped by their roles
    (masked) in `placement` order; within a group, in the order they have in
    the unordered binary: source order, which keeps a file's functions
    together. Names in `address` that `lead` matches come first."""
    groups = defaultdict(list)
    for name, roles in roles_of.items():
        if name in address and roles & mask:
            groups[roles & mask].append(name)
    variants = defaultdict(list)
    for name in address:
        match = IFUNC_VARIANT.match(name)
        if match:
            variants[match.group(1)].append(name)
    listed = 0
    with open(output, "w") as out:
        out.write("# Generated by scripts/function-order.sh; see scripts/function_order.py.\n")
        out.write("# Functions that ran, grouped by the roles that ran them, in link order.\n")
        written = set()
        for name in sorted((n for n in address if lead and lead.search(n)), key=address.get):
            written.add(name)
            out.write(name + "\n")
        for roles in placement:
            for name in sorted(groups.get(roles, []), key=address.get):
                match = IFUNC_VARIANT.match(name)
                for each in [name] + (sorted(variants[match.group(1)], key=address.get) if match else []):
                    if each not in written:
                        written.add(each)
                        out.write(each + "\n")
        listed = len(written)
    print(f"{output}: {listed} functions")


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    binary, output, node_output, profiles = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    node_binary = os.path.join(os.path.dirname(binary), "bramble-node")
    binaries = tuple(b for b in (binary, node_binary) if os.path.exists(b))
    roles_of = defaultdict(int)
    for profile in profiles:
        role, ran = functions_run(profile, tuple(os.path.basename(b) for b in binaries))
        for name in ran:
            roles_of[name] |= role or 0
    print(f"{len(profiles)} profiles")
    write_list(output, roles_of, symbol_addresses(binary), PLACEMENT, ~0)
    if os.path.exists(node_binary):
        write_list(node_output, roles_of, symbol_addresses(node_binary), NODE_PLACEMENT, NODE | STEPD,
                   lead=IFUNC_RESOLVER)


if __name__ == "__main__":
    main()
