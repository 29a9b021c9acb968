import Foundation
import PitchKit

// The render benchmark: 100,000 personalised pitches of about 120 words with 6 recipient variables,
// rendered single-threaded through the real TemplateRenderer (parsed once, rendered many times).
// Benchmarks/render_jinja2.py renders the same text and rows with Jinja2; keep the two in sync.

/// The benchmark template: a realistic peer pitch with 6 recipient variables in subject and body.
let renderBenchTemplate = """
    ---
    id: bench
    brand: Dewpoint Skin
    subjects:
      - id: routine
        text: "{{name}}, a Dewpoint kit for your {{platform}} routine?"
    offers:
      - id: fee-kit
        text: a $350 fee plus our full Barrier Routine kit (4 full-size products, worth $118), yours to keep
    ask: one 30–60 s TikTok using the kit in your real routine within 14 days of it arriving, with code DEW15 in the caption
    signature: |
      Maya Ortiz
      Creator partnerships, Dewpoint Skin
    ---
    Hi {{name}},

    I'm Maya from {{brand}}. I've been watching {{handle}} on {{platform}} for a while: {{followers}} followers and around {{avg_views}} views a video is a community that trusts you, and your {{persona}} videos are exactly how most of our customers found us.

    We'd like to offer {{offer}}.

    In return we'd ask for {{ask}}.

    Would that work for you? A quick yes or no is plenty, and I'll ship the kit the same week.

    Thanks,
    {{signature}}
    """

/// 1,000 varied recipient rows; row `i` is the same as in render_jinja2.py.
func renderBenchRows() -> [[String: String]] {
    let names = ["Aiko", "Zoë", "José", "李娜", "Siobhán", "Priya", "Mateus", "Ngozi", "Ólafur", "Sam"]
    let platforms = ["TikTok", "Instagram", "YouTube"]
    let personas = [
        "skincare minimalist", "reactive skin", "slow morning routine", "budget skincare", "barrier repair",
    ]
    return (0..<1000).map { i in
        [
            "email": "creator\(i)@example.com",
            "name": names[i % names.count],
            "handle": "@creator\(i)",
            "platform": platforms[i % platforms.count],
            "followers": String(10_000 + (i * 7919) % 990_000),
            "avg_views": String(1_000 + (i * 104_729) % 300_000),
            "persona": personas[i % personas.count],
        ]
    }
}

/// Renders row `index` of the benchmark (for comparing output with the Jinja2 script).
func renderBenchSample(index: Int) throws -> String {
    let renderer = try TemplateRenderer(template: PitchTemplate.parse(renderBenchTemplate, file: "bench.pitch"))
    let rows = renderBenchRows()
    let pitch = try renderer.render(row: rows[index % rows.count], rowNumber: index + 1)
    return "Subject: \(pitch.subject)\n\n\(pitch.body)"
}

/// Renders `count` personalised pitches single-threaded and returns renders per second.
///
/// The template is parsed once; each render produces the subject and body for one varied row.
func runRenderBench(count: Int) throws -> Double {
    let template = try PitchTemplate.parse(renderBenchTemplate, file: "bench.pitch")
    let renderer = try TemplateRenderer(template: template)
    guard let choice = template.defaultChoice else { preconditionFailure("the benchmark template has no variants") }
    let rows = renderBenchRows()

    // Warm up caches and allocators.
    var checksum = 0
    for index in 0..<min(count, 1_000) {
        checksum &+= try renderer.render(choice, row: rows[index % rows.count], rowNumber: index + 1).body.utf8.count
    }

    let clock = ContinuousClock()
    let start = clock.now
    for index in 0..<count {
        let pitch = try renderer.render(choice, row: rows[index % rows.count], rowNumber: index + 1)
        checksum &+= pitch.subject.utf8.count &+ pitch.body.utf8.count
    }
    let elapsed = clock.now - start
    precondition(checksum > 0, "the benchmark rendered nothing")
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(count) / seconds
}
