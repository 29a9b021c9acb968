extension PitchTemplate {
    /// The text of a new, lint-clean template to fill in: two subjects, two offers, a concrete ask with
    /// a deadline, a default for `name` and a signature.
    ///
    /// - Parameter id: The template id, also the file name without `.pitch`.
    public static func skeleton(id: String) -> String {
        """
        ---
        # A first pitch: short, personal, and explicit about the value exchange —
        # what you give (offers), what you ask, and by when. Subjects, messages and
        # offers are variants, so each can be tested alone. Check it with:
        #   pitchlab template lint Templates/\(id).pitch
        id: \(id)
        brand: Your Brand
        description: Who this pitch is for, and why them
        subjects:
          - id: idea
            text: "{{name}}, an idea for your next video"
          - id: question
            text: "A quick question for {{handle}}"
        offers:
          - id: fee
            text: a $300 fee, paid within 7 days of posting
          - id: fee-kit
            text: a $200 fee plus our 3-product starter kit (worth $90)
        ask: one 30–60 s video on your main channel within 14 days of saying yes, with our link in the caption
        defaults:
          name: there
        signature: |
          Alex Rivera
          Creator partnerships, Your Brand
        ---
        Hi {{name}},

        I'm Alex from {{brand}}. Say in one sentence what you liked in their recent work, and in one more why it fits what you make.

        We'd like to offer {{offer}}.

        In return we'd ask for {{ask}}.

        Would that work for you? A yes or no is plenty, and I'll send the details.

        Thanks,
        {{signature}}

        """
    }
}
