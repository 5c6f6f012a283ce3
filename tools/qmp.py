#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drive a QEMU guest's memory over QMP, for scripts/boot.sh.

Usage: qmp.py SOCKET dimm-add ID NODE SIZE   (SIZE: <n>M or <n>G)
       qmp.py SOCKET dimm-del ID [TIMEOUT_S]
       qmp.py SOCKET cmd JSON                (one raw command, for a shell)

dimm-add: object-add memory-backend-ram id=mem-ID size=SIZE, then
device_add pc-dimm id=ID memdev=mem-ID node=NODE; QEMU picks the address
(the first free one of its device memory window).
dimm-del: device_del ID, wait up to TIMEOUT_S (default 120) for
DEVICE_DELETED (the guest's ACPI eject has to finish), then object-del
mem-ID. Prints every command and reply, one line each; exit status 0 when
QEMU accepted all of it, 1 otherwise (the error is on the last line).
"""
import json
import socket
import sys
import time


class QMP:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.time() + 10
        while True:
            try:
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.buf = b""
        self.events = []
        self.recv()                         # greeting
        self.cmd("qmp_capabilities")

    def recv(self, timeout=30):
        self.sock.settimeout(timeout)
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QEMU closed the QMP socket")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        print("->", json.dumps(msg), flush=True)
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self.recv()
            if "event" in r:
                print("<- event", r["event"], json.dumps(r.get("data", {})), flush=True)
                self.events.append(r)
                continue
            print("<-", json.dumps(r), flush=True)
            if "error" in r:
                raise RuntimeError("%s: %s" % (name, r["error"].get("desc")))
            return r.get("return")

    def wait_event(self, name, match, timeout):
        deadline = time.time() + timeout
        while True:
            for e in self.events:
                if e["event"] == name and match(e.get("data", {})):
                    return True
            left = deadline - time.time()
            if left <= 0:
                return False
            try:
                r = self.recv(left)
            except socket.timeout:
                return False
            if "event" in r:
                print("<- event", r["event"], json.dumps(r.get("data", {})), flush=True)
                self.events.append(r)


def size_bytes(s):
    units = {"M": 1 << 20, "G": 1 << 30}
    if len(s) < 2 or s[-1] not in units or not s[:-1].isdigit():
        raise ValueError("size '%s': want <n>M or <n>G" % s)
    return int(s[:-1]) * units[s[-1]]


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, op, args = argv[1], argv[2], argv[3:]
    try:
        if op == "dimm-add" and len(args) == 3:
            dev, node, size = args[0], int(args[1]), size_bytes(args[2])
            q = QMP(path)
            q.cmd("object-add", **{"qom-type": "memory-backend-ram",
                                   "id": "mem-" + dev, "size": size})
            q.cmd("device_add", driver="pc-dimm", id=dev,
                  memdev="mem-" + dev, node=node)
            for d in q.cmd("query-memory-devices"):
                if d.get("data", {}).get("id") == dev:
                    print("ok dimm-add %s: node %d, addr %#x, size %#x" %
                          (dev, node, d["data"]["addr"], d["data"]["size"]))
        elif op == "dimm-del" and len(args) in (1, 2):
            dev = args[0]
            timeout = float(args[1]) if len(args) == 2 else 120
            q = QMP(path)
            q.cmd("device_del", id=dev)
            if not q.wait_event("DEVICE_DELETED",
                                lambda d: d.get("device") == dev, timeout):
                # The event may have gone to no one; ask instead.
                if any(d.get("data", {}).get("id") == dev
                       for d in q.cmd("query-memory-devices")):
                    raise RuntimeError("device_del %s: still present after %gs "
                                       "(the guest did not eject it)" % (dev, timeout))
            q.cmd("object-del", id="mem-" + dev)
            print("ok dimm-del %s" % dev)
        elif op == "cmd" and len(args) == 1:
            msg = json.loads(args[0])
            QMP(path).cmd(msg["execute"], **msg.get("arguments", {}))
        else:
            print("qmp.py: bad request: %s %s" % (op, " ".join(args)), file=sys.stderr)
            return 2
    except (OSError, EOFError, RuntimeError, ValueError) as e:
        print("error %s %s: %s" % (op, " ".join(args), e), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
