#!/usr/bin/python3
"""Real SMTP servers (aiosmtpd) on loopback for PitchLab's integration tests and demo.

Starts, in one process, on free 127.0.0.1 ports:
  plain      no TLS, SMTPUTF8 offered; captures every message's exact bytes
  plain_ascii no TLS, no SMTPUTF8
  starttls   STARTTLS required, AUTH PLAIN/LOGIN required after TLS (user/password below)
  smtps      implicit TLS, AUTH required
  idle_421   a minimal server that answers 421 and closes after 1 s idle, as Postfix does
Recipients whose local part starts with "bad" get 550 5.1.1, "tmp" get 451 4.2.0.
Each accepted message is written to SPOOL/<n>.eml with SPOOL/<n>.json (envelope, Message-ID).
When everything listens, writes STATE (JSON: ports, spool, CA file, credentials) and runs until
SIGTERM. Only loopback addresses are ever used.
"""
import argparse, asyncio, json, os, re, signal, socket, ssl, sys, threading, warnings

# The smtps server is TLS from the first byte, so AUTH without STARTTLS is safe there.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "pitch", "s3cret-pass"


class Capture:
    def __init__(self, spool):
        self.spool = spool
        self.lock = threading.Lock()
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("bad"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("tmp"):
            return "451 4.2.0 <%s>: Recipient temporarily unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content
        m = re.search(rb"^Message-ID:\s*<([^>\r\n]+)>", data, re.I | re.M)
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.spool, "%06d" % n)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(data)
        os.replace(base + ".eml.tmp", base + ".eml")
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "message_id": m.group(1).decode("ascii", "replace") if m else None,
                "smtputf8": bool(envelope.smtp_utf8), "size": len(data),
                "peer_port": session.peer[1] if session.peer else None}
        with open(base + ".json.tmp", "w") as f:
            json.dump(meta, f)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Ok: queued as Q%05d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
            and auth_data.password == PASSWORD.encode():
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


async def idle_421_server(port, spool_handler):
    """A minimal SMTP server that, like Postfix, answers 421 and closes after 1 s idle."""
    async def client(reader, writer):
        writer.write(b"220 localhost ESMTP idle-421\r\n")
        await writer.drain()
        in_data = False
        data = bytearray()
        while True:
            try:
                line = await asyncio.wait_for(reader.readline(), 1.0)
            except asyncio.TimeoutError:
                writer.write(b"421 4.4.2 localhost Error: timeout exceeded\r\n")
                await writer.drain()
                break
            if not line:
                break
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    spool_handler.count += 1
                    writer.write(b"250 2.0.0 Ok: queued as I%05d\r\n" % spool_handler.count)
                else:
                    data += line
                await writer.drain()
                continue
            cmd = line[:4].upper()
            if cmd == b"EHLO":
                writer.write(b"250-localhost\r\n250 8BITMIME\r\n")
            elif cmd == b"DATA":
                in_data = True
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif cmd == b"QUIT":
                writer.write(b"221 2.0.0 Bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 2.0.0 Ok\r\n")
            await writer.drain()
        writer.close()
    server = await asyncio.start_server(client, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True, help="working folder (spool, certificate, state)")
    args = ap.parse_args()
    os.makedirs(os.path.join(args.dir, "spool"), exist_ok=True)
    spool = os.path.join(args.dir, "spool")
    cert, key = os.path.join(args.dir, "cert.pem"), os.path.join(args.dir, "key.pem")
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    handler = Capture(spool)
    specs = {
        "plain": dict(enable_SMTPUTF8=True),
        "plain_ascii": dict(enable_SMTPUTF8=False),
        "starttls": dict(enable_SMTPUTF8=True, tls_context=tls, require_starttls=True,
                         auth_require_tls=True, auth_required=True, authenticator=authenticator),
        "smtps": dict(enable_SMTPUTF8=True, ssl_context=tls, auth_required=True,
                      auth_require_tls=False, authenticator=authenticator),
    }
    controllers, ports = [], {}
    for name, kw in specs.items():
        port = free_port()
        ssl_context = kw.pop("ssl_context", None)
        c = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=ssl_context,
                       server_hostname="localhost", server_kwargs=kw, ready_timeout=10)
        c.start()
        controllers.append(c)
        ports[name] = port
    idle_port = free_port()
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_until_complete, args=(idle_421_server(idle_port, handler),), daemon=True).start()
    ports["idle_421"] = idle_port
    state = {"host": "127.0.0.1", "ports": ports, "spool": spool, "ca_file": cert,
             "user": USER, "password": PASSWORD, "pid": os.getpid()}
    tmp = os.path.join(args.dir, "servers.json.tmp")
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, os.path.join(args.dir, "servers.json"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    stop.wait()
    for c in controllers:
        c.stop()


if __name__ == "__main__":
    main()
