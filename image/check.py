#!/usr/bin/env python3
"""check.py — `make image-check`: boots the SD card image under qemu-system-aarch64 -M virt and
checks the appliance as a facilitator would meet it, in one run:

  1. the service reaches READY (Type=notify), runs as oogst, sandboxed;
  2. a screendump shows the welcome screen (compared with the program's own drawing of it);
  3. a key typed through QEMU becomes a stored input, and a vote is counted;
  4. killing the process makes systemd start it again, and so does a hung main loop (watchdog);
  5. a USB stick image on qemu-xhci + usb-storage is mounted by the udev rule, receives a complete
     export made from the facilitator's menu (F1, PIN, Export, All sessions: keys and clicks of a
     virtual mouse), and the program has it ejected;
  6. pulling the virtual power mid-vote and booting again keeps every acknowledged vote.

    image/check.py --image build/oogst-arm64.img --oogst build/oogst --work build/image-check

The image is never written: the guest writes into a qcow2 overlay. The kernel, initrd and command
line come from the image's boot partition; console=tty3 becomes console=ttyAMA0 (the serial log),
and two options give the check a root shell on a virtio console (systemd.run= with
systemd.unit=kernel-command-line.target, which then starts multi-user.target as usual). That shell
is the check's only way in: it reads the service's state and the log with systemctl and sqlite3.
Keys and clicks go in through QEMU (QMP send-key and input-send-event on a virtio keyboard and
mouse), as from a USB keyboard and mouse on the Pi.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zipfile
import zlib

T0 = time.monotonic()
FAILED = []
RUNNING = []  # QEMU processes, killed when the check ends in any way
DB = "/var/lib/oogst/oogst.db"


def say(msg):
    print("image-check %6.1fs  %s" % (time.monotonic() - T0, msg), flush=True)


def ok(what, cond, detail=""):
    say(("ok    " if cond else "FAIL  ") + what + (": " + detail if detail else ""))
    if not cond:
        FAILED.append(what)
    return cond


def utc(t):
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t))


def fatal(msg):
    say("FAIL  " + msg)
    FAILED.append(msg)
    raise SystemExit(finish(1))


def finish(code):
    for p in RUNNING:
        if p.poll() is None:
            p.kill()
            p.wait()
    total = time.monotonic() - T0
    say("%d failed; %.0f s in all (%s)" % (len(FAILED), total, ", ".join(FAILED) if FAILED else "all checks passed"))
    return 1 if FAILED or code else 0


# --- images: PPM from QEMU's screendump, PNG from `oogst --screenshots` ------------------------


def read_ppm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m:
        raise ValueError("%s: not a PPM" % path)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h * 3]


def read_png(path):
    """RGB pixels of a PNG as written by the program (8-bit RGB or RGBA, filter none)."""
    data = open(path, "rb").read()
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("%s: colour type %d depth %d" % (path, ctype, depth))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    row = w * bpp + 1
    out = bytearray()
    for y in range(h):
        line = raw[y * row:(y + 1) * row]
        if line[0] != 0:
            raise ValueError("%s: a PNG filter this reader does not know" % path)
        px = line[1:]
        if bpp == 3:
            out += px
        else:
            for x in range(w):
                out += px[x * 4:x * 4 + 3]
    return w, h, bytes(out)


def write_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def differing(a, b, w, h, skip):
    """The share of pixels (on a 2-pixel grid) differing by more than 64 in a channel, outside
    the rectangle skip (x0, y0, x1, y1)."""
    n = bad = 0
    x0, y0, x1, y1 = skip
    for y in range(0, h, 2):
        for x in range(0, w, 2):
            if x0 <= x < x1 and y0 <= y < y1:
                continue
            i = (y * w + x) * 3
            n += 1
            if max(abs(a[i] - b[i]), abs(a[i + 1] - b[i + 1]), abs(a[i + 2] - b[i + 2])) > 64:
                bad += 1
    return bad / max(n, 1)


# --- QEMU: QMP for the machine, a shell on the virtio console for the guest ---------------------


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rwb", buffering=0)
        self.events = []
        json.loads(self.f.readline())  # the greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        self.f.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        while True:
            line = self.f.readline()
            if not line:
                raise RuntimeError("QEMU went away during " + name)
            msg = json.loads(line)
            if "event" in msg:
                self.events.append(msg)
            elif "error" in msg:
                raise RuntimeError("%s: %s" % (name, msg["error"].get("desc")))
            elif "return" in msg:
                return msg["return"]


class Shell:
    """The guest's root shell on /dev/hvc0. Each command is framed by markers with a fresh
    token; the exit status comes back with the end marker."""

    def __init__(self, path, timeout):
        self.path = path
        self.n = 0
        end = time.monotonic() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                if time.monotonic() > end:
                    raise
                time.sleep(0.5)
        self.s.settimeout(0.5)
        self.buf = b""

    def run(self, cmd, timeout=60):
        self.n += 1
        tok = "%d_%d" % (os.getpid(), self.n)
        self.s.sendall(("echo @@B%s; %s\necho @@E%s $?\n" % (tok, cmd, tok)).encode())
        end = time.monotonic() + timeout
        pat = re.compile(rb"@@B" + tok.encode() + rb"\r?\n(.*?)@@E" + tok.encode() + rb" (\d+)\r?\n", re.S)
        while time.monotonic() < end:
            m = pat.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return int(m.group(2)), m.group(1).decode(errors="replace").replace("\r", "")
            try:
                d = self.s.recv(65536)
                if not d:
                    raise RuntimeError("the guest's shell went away")
                self.buf += d
            except socket.timeout:
                pass
        raise TimeoutError("no answer in %d s to: %s" % (timeout, cmd))

    def out(self, cmd, timeout=60):
        rc, text = self.run(cmd, timeout)
        if rc != 0:
            raise RuntimeError("guest: `%s` exited %d: %s" % (cmd, rc, text.strip()))
        return text.strip()

    def sql(self, query):
        return self.out("sqlite3 -readonly -batch %s \"%s\"" % (DB, query))


class Machine:
    def __init__(self, args, work, kernel, initrd, append):
        self.work = work
        for name in ("qmp.sock", "shell.sock"):
            try:
                os.unlink(os.path.join(work, name))
            except FileNotFoundError:
                pass
        self.serial = os.path.join(work, "serial-%d.log" % int(time.monotonic() - T0))
        cmd = [
            "qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024",
            "-kernel", kernel, "-initrd", initrd, "-append", append,
            "-drive", "file=%s/disk.qcow2,if=virtio,format=qcow2" % work,
            "-device", "virtio-gpu-pci", "-device", "virtio-keyboard-pci", "-device", "virtio-mouse-pci",
            "-device", "qemu-xhci,id=xhci", "-nic", "none",
            "-device", "virtio-serial-pci",
            "-chardev", "socket,id=sh,path=%s/shell.sock,server=on,wait=off" % work,
            "-device", "virtconsole,chardev=sh",
            "-qmp", "unix:%s/qmp.sock,server=on,wait=off" % work,
            "-serial", "file:" + self.serial, "-display", "none",
            # The Pi has no battery clock: the virtual one says 2001, so the time the box
            # shows comes from the clock file systemd-timesyncd saves on the data partition.
            "-rtc", "base=2001-01-01T00:00:00,clock=host",
        ]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(work, "qemu.err"), "ab"))
        self.started = time.monotonic()
        RUNNING.append(self.proc)
        end = time.monotonic() + 30
        while not os.path.exists(os.path.join(work, "qmp.sock")):
            if self.proc.poll() is not None or time.monotonic() > end:
                fatal("QEMU did not start: see %s/qemu.err" % work)
            time.sleep(0.1)
        self.qmp = Qmp(os.path.join(work, "qmp.sock"))
        self.sh = Shell(os.path.join(work, "shell.sock"), 30)
        # What is sent before the guest's shell opens its console is lost: ask until it answers.
        end = time.monotonic() + args.boot_timeout
        while True:
            try:
                self.sh.run("PS1=''; PS2=''; stty -echo 2>/dev/null; true", timeout=3)
                break
            except TimeoutError:
                if self.proc.poll() is not None or time.monotonic() > end:
                    fatal("no shell in the guest after %d s: see %s" % (args.boot_timeout, self.serial))

    def key(self, *keys):
        for k in keys:
            self.qmp.cmd("send-key", keys=[{"type": "qcode", "data": k}], **{"hold-time": 60})
            time.sleep(0.15)

    def tap(self, x, y):
        """A click at pixel x, y with the (relative) virtual mouse: first far to the top left,
        where the pointer stops at 0, 0, then to x, y."""
        for dx, dy in ((-4000, -4000), (x, y)):
            self.qmp.cmd("input-send-event", events=[{"type": "rel", "data": {"axis": "x", "value": dx}},
                                                      {"type": "rel", "data": {"axis": "y", "value": dy}}])
            time.sleep(0.3)
        for down in (True, False):
            self.qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": down, "button": "left"}}])
            time.sleep(0.2)

    def screendump(self, name):
        ppm = os.path.join(self.work, name + ".ppm")
        self.qmp.cmd("screendump", filename=ppm)
        w, h, px = read_ppm(ppm)
        write_png(os.path.join(self.work, name + ".png"), w, h, px)
        os.unlink(ppm)
        return w, h, px

    def pull_power(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def poweroff(self, timeout=120):
        try:
            self.sh.s.sendall(b"systemctl poweroff\n")
        except OSError:
            pass
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            self.pull_power()
            return False


# --- the checks -------------------------------------------------------------------------------


def wait_for(what, fn, timeout, every=1.0):
    end = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > end:
            return None
        time.sleep(every)


def service(m):
    text = m.sh.out("systemctl show oogst.service -p ActiveState -p SubState -p MainPID -p NRestarts -p Result")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def ready(m, timeout, restarts=None):
    def up():
        s = service(m)
        if s.get("ActiveState") == "active" and s.get("MainPID", "0") != "0":
            if restarts is None or int(s.get("NRestarts", 0)) >= restarts:
                return s
        return None
    return wait_for("READY", up, timeout)


def step_type(m):
    """The type of the step the running session is at, from the log."""
    return m.sh.sql("SELECT r.step_type FROM steps_run r JOIN sessions s ON s.id = r.session_id "
                    "WHERE s.state = 'running' ORDER BY r.id DESC LIMIT 1")


def input_ids(m):
    text = m.sh.sql("SELECT id FROM inputs ORDER BY id")
    return [int(x) for x in text.split()] if text else []


def take_up(m, name):
    """After a restart the screen asks whether to go on with the session that was cut off: J goes
    on. Proof: a vote then lands in that same session, and no new session is begun."""
    sid, n_sessions = m.sh.sql("SELECT max(id), count(*) FROM sessions").split("|")
    answers = lambda: int(m.sh.sql("SELECT count(*) FROM answers WHERE session_id = %s" % sid))
    before = answers()
    diff = compare_screen(m, name, os.path.join(m.work, "shots", "resume.png"), (0, 0, 0, 0), 0.03)
    ok("the screen asks whether to go on with the session (%s.png)" % name, diff <= 0.03,
       "%.2f%% of pixels differ from resume.png" % (diff * 100))
    m.key("j")
    time.sleep(2)
    m.key("3")
    got = wait_for("answer", lambda: answers() > before, 20, 0.5)
    return bool(got) and m.sh.sql("SELECT count(*) FROM sessions") == n_sessions


def compare_screen(m, name, shot, skip, limit):
    """Waits until the screen matches the program's own drawing `shot`; returns the share of
    differing pixels seen last."""
    sw, sh_, spx = read_png(shot)
    last = [1.0]

    def match():
        w, h, px = m.screendump(name)
        if (w, h) != (sw, sh_):
            last[0] = 1.0
            return False
        last[0] = differing(px, spx, w, h, skip)
        return last[0] <= limit
    wait_for(name, match, 90, every=3)
    return last[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", required=True)
    ap.add_argument("--oogst", required=True, help="this machine's build, for the reference drawings")
    ap.add_argument("--work", required=True)
    ap.add_argument("--boot-timeout", type=int, default=240)
    args = ap.parse_args()
    image = os.path.abspath(args.image)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    # The boot partition: kernel, initrd and the command line the Pi would use.
    table = json.loads(subprocess.check_output(["sfdisk", "-J", image]))["partitiontable"]
    boot_off = table["partitions"][0]["start"] * 512
    fat = "%s@@%d" % (image, boot_off)
    names = subprocess.check_output(["mdir", "-b", "-i", fat, "::"], text=True).split()
    kernel = next((n for n in names if re.search(r"vmlinuz-", n)), None)
    initrd = next((n for n in names if re.search(r"initrd.img-", n)), None)
    if not kernel or not initrd:
        fatal("no vmlinuz-* and initrd.img-* on the image's boot partition")
    kernel, initrd = kernel.lstrip(":/"), initrd.lstrip(":/")
    for n in (kernel, initrd, "cmdline.txt"):
        subprocess.check_call(["mcopy", "-n", "-i", fat, "::" + n, os.path.join(work, n)])
    cmdline = open(os.path.join(work, "cmdline.txt")).read().split()
    cmdline = ["console=ttyAMA0" if a.startswith("console=") else a for a in cmdline]
    agent = ("systemctl start --no-block multi-user.target; modprobe virtio_console; "
             "until [ -e /dev/hvc0 ]; do sleep 0.2; done; exec /bin/sh </dev/hvc0 >/dev/hvc0 2>&1")
    append = " ".join(cmdline) + ' systemd.run="/bin/sh -c \'%s\'" systemd.unit=kernel-command-line.target ' \
        "systemd.run_success_action=none systemd.run_failure_action=none" % agent
    say("image %s; kernel %s from its boot partition; command line: %s" % (image, kernel, " ".join(cmdline)))
    subprocess.check_call(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image,
                           os.path.join(work, "disk.qcow2")])

    shots = os.path.join(work, "shots")
    # The program's own drawings of the screens, at the virtual screen's size, with its catalogs
    # (build/locale beside build/oogst), as the image has them.
    env = dict(os.environ, OOGST_LOCALEDIR=os.path.join(os.path.dirname(os.path.abspath(args.oogst)), "locale"))
    subprocess.check_call([args.oogst, "--screenshots", shots, "--script", "content/nl/demo.yaml",
                           "--size", "1280x800"], stdout=subprocess.DEVNULL, env=env)

    # --- boot 1 ---------------------------------------------------------------------------------
    say("booting (1)")
    m = Machine(args, work, os.path.join(work, kernel), os.path.join(work, initrd), append)
    s = ready(m, args.boot_timeout)
    ok("the service reaches READY (Type=notify, active)", bool(s),
       "%.0f s after power on, main PID %s" % (time.monotonic() - m.started, s and s.get("MainPID")))
    if not s:
        say(m.sh.out("journalctl -b -u oogst --no-pager | tail -n 30"))
        fatal("no service to check")
    pid = s["MainPID"]
    status = m.sh.out("grep -E '^(Uid|CapEff|NoNewPrivs|Seccomp):' /proc/%s/status" % pid)
    fields = dict(re.findall(r"^(\w+):\s*(\S+)", status, re.M))
    uid = m.sh.out("id -u oogst")
    ok("it runs as oogst, with no capabilities, no new privileges and a syscall filter",
       fields.get("Uid") == uid and fields.get("CapEff") == "0000000000000000" and
       fields.get("NoNewPrivs") == "1" and fields.get("Seccomp") == "2",
       " ".join("%s=%s" % kv for kv in fields.items()))
    netns = m.sh.out("readlink /proc/%s/ns/net /proc/1/ns/net" % pid).split()
    mnt = m.sh.out("awk '$5 == \"/\" || $5 == \"/var/lib/oogst\" {print $5, $6}' /proc/%s/mountinfo" % pid)
    ok("its own network (PrivateNetwork) and a read-only root, the log writable",
       len(netns) == 2 and netns[0] != netns[1] and re.search(r"^/ ro", mnt, re.M) and
       re.search(r"^/var/lib/oogst rw", mnt, re.M), mnt.replace("\n", "; "))
    root = m.sh.out("awk '$2 == \"/\" {print $4}' /proc/mounts")
    failed = m.sh.out("systemctl list-units --failed --plain --no-legend | awk '{print $1}'")
    ok("the box: root mounted read-only, no failed units", root.startswith("ro") and failed == "",
       "root %s; failed: %s" % (root.split(",")[0], failed or "none"))
    built = os.stat(image).st_mtime
    clock = int(m.sh.out("date +%s"))
    ok("with the battery clock at 2001, the clock starts from the image's time", clock >= built - 3600,
       "%s in the guest; the image was written %s" % (utc(clock), utc(built)))

    diff = compare_screen(m, "welcome", os.path.join(shots, "01-welcome.png"), (960, 0, 1280, 110), 0.03)
    ok("a screendump shows the welcome screen", diff <= 0.03,
       "%.2f%% of pixels differ from `oogst --screenshots` 01-welcome.png (the timer left out); %s/welcome.png"
       % (diff * 100, work))

    # --- a key becomes a stored input; a vote is counted ------------------------------------------
    before = input_ids(m)
    m.key("n")
    after = wait_for("input", lambda: (lambda ids: ids if len(ids) > len(before) else None)(input_ids(m)), 30, 0.5)
    row = m.sh.sql("SELECT source, key, step_index, counted, reason FROM inputs ORDER BY id DESC LIMIT 1") \
        if after else ""
    ok("a key sent through QEMU (N, next) becomes a stored input", bool(after) and row.startswith("key|n|"), row)
    for _ in range(20):
        if step_type(m) == "vote":
            break
        m.key("n")
        time.sleep(1.0)
    at = step_type(m)
    ok("the facilitator's key n goes on to the vote", at == "vote", "at a %s step" % at)
    counted0 = int(m.sh.sql("SELECT count(*) FROM answers"))
    m.key("2")
    got = wait_for("vote", lambda: int(m.sh.sql("SELECT count(*) FROM answers")) > counted0, 20, 0.5)
    ok("a button press (key 2) on the vote is counted in the log", bool(got),
       m.sh.sql("SELECT question_id, option FROM answers ORDER BY id DESC LIMIT 1"))

    # --- kill: systemd starts it again; a hung loop: the watchdog does ----------------------------
    n0 = int(service(m)["NRestarts"])
    m.sh.out("systemctl kill -s KILL oogst.service")
    s = ready(m, 90, n0 + 1)
    ok("killed, the service is started again", bool(s) and s["MainPID"] != pid,
       "restarts %s, main PID %s" % (s and s["NRestarts"], s and s["MainPID"]))
    if s:
        ok("it offers the session that was cut off; J takes it up at the vote", take_up(m, "resume-kill"))
        pid = s["MainPID"]
        t = time.monotonic()
        m.sh.out("kill -STOP %s" % pid)
        s = ready(m, 120, n0 + 2)
        log = m.sh.out("journalctl -b -u oogst --no-pager | grep -c -i watchdog || true")
        ok("a hung main loop (SIGSTOP) is restarted by the watchdog", bool(s) and int(log or 0) > 0,
           "after %.0f s (WatchdogSec=30s)" % (time.monotonic() - t))
        if s:
            ok("after the watchdog, J takes the session up again", take_up(m, "resume-watchdog"))

    # --- a USB stick receives an export from the menu -----------------------------------------------
    stick = os.path.join(work, "stick.img")
    subprocess.check_call(["mkfs.vfat", "-n", "STICK", "-C", stick, str(64 * 1024)], stdout=subprocess.DEVNULL)
    m.qmp.cmd("blockdev-add", **{"driver": "raw", "node-name": "stick",
                                 "file": {"driver": "file", "filename": stick}})
    m.qmp.cmd("device_add", driver="usb-storage", bus="xhci.0", drive="stick", id="stickdev")
    mounted = wait_for("mount", lambda: m.sh.out("awk '$2 == \"/media/oogst\" {print $3, $4}' /proc/mounts"), 60)
    ok("the stick is mounted by the udev rule (noexec, nosuid, nodev)",
       bool(mounted) and all(o in (mounted or "") for o in ("noexec", "nosuid", "nodev")), mounted or "not mounted")
    inputs_at_export = len(input_ids(m))
    # As the facilitator does it: F1, the PIN (0000 while oogst.yaml sets none), Export, All
    # sessions; the program writes the folder and has the stick ejected. Where to click is where
    # `oogst --screenshots` draws the buttons (menu-main.png, menu-export.png, 1280x800).
    m.key("f1", "0", "0", "0", "0")
    diff = compare_screen(m, "menu", os.path.join(m.work, "shots", "menu-main.png"), (0, 0, 0, 0), 0.03)
    ok("F1 and the PIN open the facilitator menu", diff <= 0.03, "%.2f%% of pixels differ from menu-main.png" % (diff * 100))
    t = time.monotonic()
    m.tap(640, 447)                    # Exporteer
    time.sleep(2)
    m.tap(640, 288)                    # Alle sessies
    gone = wait_for("eject", lambda: not m.sh.out("awk '$2 == \"/media/oogst\"' /proc/mounts"), 300)
    m.screendump("exported")
    ok("Export, All sessions: the program writes the export and has the stick ejected", bool(gone),
       "unmounted %.1f s after the tap; %s/exported.png" % (time.monotonic() - t, m.work))
    m.key("f1")                        # the menu closes again
    m.qmp.cmd("device_del", id="stickdev")
    wait_for("device gone", lambda: m.qmp.cmd("query-status") is not None and
             any(e.get("event") == "DEVICE_DELETED" for e in m.qmp.events), 30)
    m.qmp.cmd("blockdev-del", **{"node-name": "stick"})
    check_stick(stick, work, inputs_at_export)

    # --- pull the power mid-vote; every acknowledged vote is there after the boot --------------------
    ok("still at the vote before the power is pulled", step_type(m) == "vote")
    for k in "123456123456":
        m.key(k)
    acked = input_ids(m)               # committed, so acknowledged on the screen
    for k in "654321":                 # and more on the way when the power goes
        m.qmp.cmd("send-key", keys=[{"type": "qcode", "data": k}], **{"hold-time": 30})
    clock = int(m.sh.out("date +%s"))
    m.pull_power()
    say("power pulled with %d inputs in the log, the guest's clock at %s" % (len(acked), utc(clock)))
    say("booting (2)")
    m = Machine(args, work, os.path.join(work, kernel), os.path.join(work, initrd), append)
    s = ready(m, args.boot_timeout)
    ok("after the power cut the service reaches READY again", bool(s),
       "%.0f s after power on" % (time.monotonic() - m.started))
    now = int(m.sh.out("date +%s"))
    ok("after the power cut the clock goes on from the time saved while running (SaveIntervalSec=60)",
       now >= clock - 120, "%s, at the power cut %s" % (utc(now), utc(clock)))
    integrity = m.sh.sql("PRAGMA integrity_check")
    kept = set(input_ids(m))
    lost = [i for i in acked if i not in kept]
    ok("the log is intact and keeps every acknowledged input", integrity == "ok" and not lost and acked,
       "integrity %s; %d acknowledged, %d after the boot, %d lost" % (integrity, len(acked), len(kept), len(lost)))
    state = m.sh.sql("SELECT state FROM sessions ORDER BY id DESC LIMIT 1")
    ok("the session that was cut off is kept to be offered again", state in ("running", "interrupted"), state)
    ok("a clean shutdown", m.poweroff())
    return finish(0)


def check_stick(stick, work, n_inputs):
    fat = stick + "@@0"
    top = subprocess.check_output(["mdir", "-b", "-i", fat, "::"], text=True).split()
    folders = [t.strip(":/").split("/")[-1] for t in top if re.search(r"Oogst-[0-9a-f]+-\d{4}-\d\d-\d\d_\d{4}", t)]
    if not ok("the stick holds one export folder", len(folders) == 1, ", ".join(top) or "empty"):
        return
    out = os.path.join(work, "stick")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.check_call(["mcopy", "-s", "-n", "-i", fat, "::" + folders[0], out])
    files = sorted(os.listdir(out))
    want = ["LEESMIJ.txt", "README.txt", "antwoorden.csv", "oogst.db", "rapport.html", "responses.csv",
            "resultaten.xlsx", "samenvatting.csv"]
    ok("the folder is complete", all(f in files for f in want), "%s: %s" % (folders[0], " ".join(files)))
    try:
        db = subprocess.check_output(["sqlite3", "-readonly", os.path.join(out, "oogst.db"),
                                      "PRAGMA integrity_check; SELECT count(*) FROM inputs;"], text=True).split()
        ok("its oogst.db is whole and holds the log as it was", db[0] == "ok" and int(db[1]) >= n_inputs,
           "integrity %s, %s inputs (%d in the log before the export)" % (db[0], db[1], n_inputs))
        with zipfile.ZipFile(os.path.join(out, "resultaten.xlsx")) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
            ok("resultaten.xlsx opens, with its sheets", z.testzip() is None and len(sheets) >= 4,
               "%d sheets" % len(sheets))
        csv = open(os.path.join(out, "antwoorden.csv"), "rb").read()
        ok("antwoorden.csv is for Dutch Excel (BOM, ;)", csv.startswith(b"\xef\xbb\xbf") and b";" in csv,
           "%d lines" % csv.count(b"\n"))
        html = open(os.path.join(out, "rapport.html"), encoding="utf-8").read()
        ok("rapport.html is whole", html.rstrip().endswith("</html>"), "%d bytes" % len(html))
    except (OSError, ValueError, IndexError, zipfile.BadZipFile, subprocess.CalledProcessError) as e:
        ok("the export's files can be read", False, str(e))


def self_test(shots):
    """What `make check` runs without QEMU (tests/check/image_check.sh): the picture code that
    decides "the welcome screen is on the display", on the program's own drawings."""
    w, h, welcome = read_png(os.path.join(shots, "01-welcome.png"))
    _, _, menu = read_png(os.path.join(shots, "menu-main.png"))
    _, _, theme = read_png(os.path.join(shots, "02-theme.png"))
    tmp = os.path.join(shots, "roundtrip.png")
    write_png(tmp, w, h, welcome)
    same = read_png(tmp)[2] == welcome
    black = bytes(w * h * 3)
    corner = (960, 0, 1280, 110)
    checks = [
        ("write_png and read_png give the same pixels back", same),
        ("the welcome screen matches itself", differing(welcome, welcome, w, h, corner) == 0),
        ("a black (console) screen is not the welcome screen", differing(black, welcome, w, h, corner) > 0.5),
        ("the menu is not the welcome screen", differing(menu, welcome, w, h, corner) > 0.5),
        ("another step's text is not the welcome screen", differing(theme, welcome, w, h, corner) > 0.03),
    ]
    for what, cond in checks:
        ok(what, cond)
    return finish(0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        sys.exit(self_test(sys.argv[2]))
    try:
        sys.exit(main())
    except (RuntimeError, TimeoutError, OSError, subprocess.CalledProcessError) as e:
        say("FAIL  %s" % e)
        FAILED.append(str(e))
        sys.exit(finish(1))
