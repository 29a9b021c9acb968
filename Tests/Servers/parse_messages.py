#!/usr/bin/python3
"""Independent parser for PitchLab's composer tests: reads raw messages with Python's `email`
package and prints, as JSON, what a receiving mail client would see."""
import email, email.policy, json, sys
from email.header import decode_header, make_header
from email.utils import getaddresses


def display_names(raw_msg, name):
    """Display names decoded with the RFC 2047 decoder (email.header), which ignores the space
    between adjacent encoded-words as RFC 2047 section 6.2 says. (The newer header registry
    inserts a space there and collapses runs of spaces inside phrases.)"""
    value = raw_msg[name].replace("\r\n", "").replace("\n", "")
    return [str(make_header(decode_header(n))) for n, _ in getaddresses([value])]


def part_text(part):
    return part.get_content() if part is not None else None


def main():
    paths = json.load(sys.stdin)
    out = []
    for path in paths:
        raw = open(path, "rb").read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        legacy = email.message_from_bytes(raw, policy=email.policy.compat32)
        lines = raw.split(b"\r\n")
        frm, to = msg["From"].addresses[0], msg["To"].addresses
        text = html = None
        if msg.is_multipart():
            for part in msg.walk():
                if part.get_content_type() == "text/plain":
                    text = part.get_content()
                elif part.get_content_type() == "text/html":
                    html = part.get_content()
        else:
            text = msg.get_content()
        out.append({
            "path": path,
            "subject": str(msg["Subject"]),
            "from_name": display_names(legacy, "From")[0], "from_addr": frm.addr_spec,
            "to_names": display_names(legacy, "To"), "to_addrs": [a.addr_spec for a in to],
            "message_id": str(msg["Message-ID"]),
            "text": text, "html": html,
            "defects": [type(d).__name__ for d in msg.defects],
            "max_line": max(len(l) for l in lines),
            "bare_cr_or_lf": (raw.replace(b"\r\n", b"").find(b"\r") >= 0) or (raw.replace(b"\r\n", b"").find(b"\n") >= 0),
            "list_unsubscribe": msg["List-Unsubscribe"] and str(msg["List-Unsubscribe"]),
            "list_unsubscribe_post": msg["List-Unsubscribe-Post"] and str(msg["List-Unsubscribe-Post"]),
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
