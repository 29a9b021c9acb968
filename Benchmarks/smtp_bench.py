#!/usr/bin/env python3
"""SMTP send benchmark: 10,000 messages of about 2 KB to Postfix's smtp-sink on loopback, over one
reused connection and over four, for PitchLab (libcurl), Python's smtplib (one connection; four
processes for the four-connection case) and Postfix's smtp-source (-d reuses the connection,
-s 4 runs four sessions). All in the same run, each the best of REPEATS runs.

Prints one JSON line per connection count, last:
{"bench":"smtp-send-1","unit":"msg/s","ours":…,"baselines":{"python-smtplib":…,"smtp-source":…}}
"""
import json, multiprocessing, os, smtplib, socket, subprocess, sys, time

COUNT = int(os.environ.get("BENCH_SMTP_COUNT", "10000"))
SIZE = 2048
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
OURS = sys.argv[1]  # path to the pitchlab-bench binary


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink():
    port = free_port()
    cmd = ["/usr/sbin/smtp-sink"] + (["-u", "nobody"] if os.geteuid() == 0 else []) + ["127.0.0.1:%d" % port, "256"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return proc, port
        except OSError:
            time.sleep(0.02)
    raise SystemExit("smtp-sink did not start")


def message(i):
    body = "Short pitch body line for the SMTP throughput benchmark.\r\n" * ((SIZE - 400) // 58)
    return ("From: Bench Sender <bench@pitchlab.example>\r\nTo: Creator <creator%d@example.org>\r\n"
            "Subject: Collab idea for creator %d\r\nMessage-ID: <%d.bench@pitchlab.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n%s" % (i, i, i, body))


def smtplib_worker(args):
    port, start, n = args
    with smtplib.SMTP("127.0.0.1", port) as s:
        s.ehlo("bench.pitchlab.example")
        for i in range(start, start + n):
            s.sendmail("bench@pitchlab.example", ["creator%d@example.org" % i], message(i))
    return n


def run_smtplib(port, connections):
    per = COUNT // connections
    t = time.perf_counter()
    if connections == 1:
        smtplib_worker((port, 0, COUNT))
    else:
        with multiprocessing.Pool(connections) as pool:
            pool.map(smtplib_worker, [(port, k * per, per) for k in range(connections)])
    return COUNT / (time.perf_counter() - t)


def run_smtp_source(port, connections):
    t = time.perf_counter()
    subprocess.run(["/usr/sbin/smtp-source", "-d", "-s", str(connections), "-m", str(COUNT), "-l", str(SIZE),
                    "-f", "bench@pitchlab.example", "-t", "creator@example.org", "127.0.0.1:%d" % port],
                   check=True, stdout=subprocess.DEVNULL)
    return COUNT / (time.perf_counter() - t)


def run_ours(port, connections):
    out = subprocess.run([OURS, "smtp", "smtp://127.0.0.1:%d" % port, str(COUNT), str(connections), str(SIZE)],
                         check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    sink, port = start_sink()
    try:
        for connections in (1, 4):
            best = {"ours": 0.0, "python-smtplib": 0.0, "smtp-source": 0.0}
            for _ in range(REPEATS):  # interleaved, so machine noise hits all three alike
                best["ours"] = max(best["ours"], run_ours(port, connections))
                best["python-smtplib"] = max(best["python-smtplib"], run_smtplib(port, connections))
                best["smtp-source"] = max(best["smtp-source"], run_smtp_source(port, connections))
            print(json.dumps({"bench": "smtp-send-%d" % connections, "unit": "msg/s", "ours": round(best["ours"], 1),
                              "baselines": {"python-smtplib": round(best["python-smtplib"], 1),
                                            "smtp-source": round(best["smtp-source"], 1)}}), flush=True)
    finally:
        sink.kill()
        sink.wait()


if __name__ == "__main__":
    main()
