"""A socket fd's addresses from /proc/net, by inode (no socket.fromfd: it would dup the fd)."""
import socket
import struct

_TABLES = (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6), ("udp", socket.AF_INET), ("udp6", socket.AF_INET6))


def _addr(text, family):
    host, port = text.split(":")
    raw = bytes.fromhex(host)
    if family == socket.AF_INET:
        packed = struct.pack("<I", struct.unpack(">I", raw)[0])
    else:
        packed = b"".join(struct.pack("<I", struct.unpack(">I", raw[i:i + 4])[0]) for i in range(0, 16, 4))
    return "%s:%d" % (socket.inet_ntop(family, packed), int(port, 16))


def describe(inode):
    # A substring test before splitting: a busy test suite leaves thousands of TIME_WAIT lines here.
    for name, family in _TABLES:
        try:
            with open("/proc/self/net/%s" % name) as handle:
                next(handle)
                for line in handle:
                    if inode not in line:
                        continue
                    cols = line.split()
                    if len(cols) > 9 and cols[9] == inode:
                        local, remote = _addr(cols[1], family), _addr(cols[2], family)
                        return "%s socket %s -> %s" % (name, local, remote)
        except (OSError, ValueError, StopIteration):
            continue
    try:
        with open("/proc/self/net/unix") as handle:
            next(handle)
            for line in handle:
                if inode not in line:
                    continue
                cols = line.split()
                if len(cols) > 6 and cols[6] == inode:
                    return "unix socket %s" % (cols[7] if len(cols) > 7 else "(unnamed)")
    except (OSError, ValueError, StopIteration):
        pass
    return None
