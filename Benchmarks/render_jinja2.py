#!/usr/bin/env python3
"""Render benchmark baseline: the same pitch text and recipient rows as
Benchmarks/pitchlab-bench/RenderBench.swift, rendered single-threaded with Jinja2.

Prints renders per second as the last line (a plain number). Keep the template
text and the rows in sync with RenderBench.swift.

Usage: render_jinja2.py [--count N] [--show ROW]
"""
import argparse
import sys
import time

import jinja2

SUBJECT = "{{name}}, a Dewpoint kit for your {{platform}} routine?"

BODY = """Hi {{name}},

I'm Maya from {{brand}}. I've been watching {{handle}} on {{platform}} for a while: {{followers}} followers and around {{avg_views}} views a video is a community that trusts you, and your {{persona}} videos are exactly how most of our customers found us.

We'd like to offer {{offer}}.

In return we'd ask for {{ask}}.

Would that work for you? A quick yes or no is plenty, and I'll ship the kit the same week.

Thanks,
{{signature}}"""

# The template's own parts, which PitchLab renders from the front matter.
CONSTANTS = {
    "brand": "Dewpoint Skin",
    "offer": "a $350 fee plus our full Barrier Routine kit (4 full-size products, worth $118), yours to keep",
    "ask": "one 30–60 s TikTok using the kit in your real routine within 14 days of it arriving, "
    "with code DEW15 in the caption",
    "signature": "Maya Ortiz\nCreator partnerships, Dewpoint Skin",
}


def rows():
    """1,000 varied recipient rows; row i is the same as in RenderBench.swift."""
    names = ["Aiko", "Zoë", "José", "李娜", "Siobhán", "Priya", "Mateus", "Ngozi", "Ólafur", "Sam"]
    platforms = ["TikTok", "Instagram", "YouTube"]
    personas = ["skincare minimalist", "reactive skin", "slow morning routine", "budget skincare", "barrier repair"]
    return [
        {
            "email": f"creator{i}@example.com",
            "name": names[i % len(names)],
            "handle": f"@creator{i}",
            "platform": platforms[i % len(platforms)],
            "followers": str(10_000 + (i * 7919) % 990_000),
            "avg_views": str(1_000 + (i * 104_729) % 300_000),
            "persona": personas[i % len(personas)],
        }
        for i in range(1000)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="pitches to render (default 100000)")
    parser.add_argument("--show", type=int, metavar="ROW", help="print the rendering of one row and exit")
    args = parser.parse_args()

    # Parse once (plain text: no autoescape), render many.
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=False)
    subject = env.from_string(SUBJECT, globals=CONSTANTS)
    body = env.from_string(BODY, globals=CONSTANTS)
    data = rows()

    if args.show is not None:
        row = data[args.show % len(data)]
        print(f"Subject: {subject.render(row)}\n\n{body.render(row)}")
        return

    checksum = 0
    for i in range(min(args.count, 1000)):  # warm-up
        checksum += len(body.render(data[i % len(data)]))
    start = time.perf_counter()
    for i in range(args.count):
        row = data[i % len(data)]
        checksum += len(subject.render(row)) + len(body.render(row))
    elapsed = time.perf_counter() - start
    if checksum <= 0:
        sys.exit("the benchmark rendered nothing")
    print(f"{args.count / elapsed:.1f}")


if __name__ == "__main__":
    main()
