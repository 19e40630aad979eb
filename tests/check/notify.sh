# notify.sh — the service protocol (systemd/oogst.service: Type=notify, WatchdogSec=): the
# program, started as systemd would (NOTIFY_SOCKET, WATCHDOG_USEC), says READY=1 once,
# after its first frame, pings WATCHDOG=1 from its loop at half the interval while the
# screen stands still, and says STOPPING=1 when SIGTERM ends it. The listener is a
# datagram socket, as systemd's.
set -eu
O=${OOGST_BIN:-$B/oogst}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v python3 >/dev/null || { echo "notify: python3 is needed (image/deps.sh build)"; exit 1; }
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy python3 - "$O" "$work" <<'PY'
import os, socket, subprocess, sys, time
oogst, work = sys.argv[1], sys.argv[2]
path = os.path.join(work, "notify.sock")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(0.2)
env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="400000",
           OOGST_LOCALEDIR=os.environ.get("OOGST_LOCALEDIR", "build/locale"))
env.pop("WATCHDOG_PID", None)
conf = os.path.join(work, "oogst.yaml")
open(conf, "w").write('content_dir: "%s/content"\n' % os.getcwd())
p = subprocess.Popen([oogst, "--config", conf, "--data-dir", os.path.join(work, "data"), "--window",
                      "--size", "800x480", "content/nl/demo.yaml"], env=env, stderr=subprocess.PIPE, text=True)
msgs, t0, stop = [], time.monotonic(), None
while time.monotonic() - t0 < 8:
    if stop is None and any(m[1].startswith("READY=1") for m in msgs) and time.monotonic() - t0 > 3:
        p.terminate()  # systemd stops the service with SIGTERM
        stop = time.monotonic() - t0
    try:
        msgs.append((time.monotonic() - t0, s.recv(4096).decode()))
    except socket.timeout:
        if p.poll() is not None and stop is not None:
            break
p.wait(timeout=10)
err = p.stderr.read()
names = [m.split("\n")[0] for _, m in msgs]
ready = [t for t, m in msgs if m.startswith("READY=1")]
pings = [t for t, m in msgs if m.startswith("WATCHDOG=1") and ready and t > ready[0]]
def fail(why):
    print("notify: " + why + "; messages: " + ", ".join(names) + "; stderr: " + err.strip()[-400:])
    sys.exit(1)
if len(ready) != 1:
    fail("READY=1 %d times, not once" % len(ready))
if "bench: first frame" in err:
    fail("unexpected bench output")
span = (stop if stop is not None else time.monotonic() - t0) - ready[0] - 0.5
# 200 ms apart, while the screen stands still: at least most of them in the span
if len(pings) < max(3, int(span / 0.2 * 0.6)):
    fail("%d WATCHDOG=1 in %.1f s after READY=1, expected one every 0.2 s" % (len(pings), span))
if not names or not names[-1].startswith("STOPPING=1"):
    fail("the last message is not STOPPING=1")
if p.returncode != 0:
    fail("exit status %d after SIGTERM" % p.returncode)
print("notify: READY=1 once, %d WATCHDOG=1 in %.1f s (every 0.2 s asked), STOPPING=1 at SIGTERM, exit 0"
      % (len(pings), span))
PY
