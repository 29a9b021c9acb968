/// The files `pitchlab init` writes besides `pitchlab.yaml` (``CampaignConfig/example``): one good
/// pitch and a sample recipients file.
enum WorkspaceScaffold {
    /// The template's file name in `Templates/`.
    static let templateFileName = "dewpoint-peer.pitch"

    /// `Templates/dewpoint-peer.pitch`, a copy of the repository's lint-clean example.
    static let template = #"""
---
# Skincare creators about our size ("peers"): a fee plus the full routine kit.
id: dewpoint-peer
brand: Dewpoint Skin
description: Peer skincare creators; fee plus the full Barrier Routine kit
subjects:
  - id: routine
    text: "{{name}}, a Dewpoint kit for your evening routine?"
  - id: barrier
    text: "A barrier-repair video idea for {{handle}}"
offers:
  - id: fee-kit
    text: a $350 fee plus our full Barrier Routine kit (4 full-size products, worth $118), yours to keep
  - id: bigger-fee
    text: a $500 fee, paid within 7 days of posting, plus the 4-product Barrier Routine kit
ask: one 30–60 s TikTok using the kit in your real routine within 14 days of it arriving, with code DEW15 in the caption
defaults:
  name: there
  platform: your channel
signature: |
  Maya Ortiz
  Creator partnerships, Dewpoint Skin
messages:
  - id: short
    text: |
      Hi {{name}},

      Your routine videos on {{platform}} feel like advice from a friend, which is why I'm writing.

      We'd like to offer {{offer}}.

      In return we'd ask for {{ask}}.

      Interested? A yes or no is plenty, and I'll send the kit the same week.

      {{signature}}
---
Hi {{name}},

I'm Maya from {{brand}}. We make fragrance-free barrier care for reactive skin, and honest, no-filter routines like yours on {{platform}} are how most of our customers found us.

We'd like to offer {{offer}}.

In return we'd ask for {{ask}}. You keep full creative control; we only check that the code is in the caption.

Would that work for you? A quick yes or no is plenty, and I'll ship the kit the same week.

Thanks,
{{signature}}

"""#

    /// `recipients.csv`, with example.com and example.org addresses only.
    static let recipients = #"""
email,name,handle,platform,followers,avg_views,relevance,cost,persona,type,timezone
aiko.tanaka@example.com,Aiko,@aiko.glow,TikTok,48200,15300,0.82,350,skincare minimalist,peer,Asia/Tokyo
zoe.laurent@example.org,Zoë,@zoe.makes,Instagram,61500,12800,0.77,400,"reactive skin, honest reviews",peer,Europe/Paris
maya.brooks@example.com,Maya,@mayabrooks,YouTube,152000,41000,0.71,900,dermatology explainer,authority,America/New_York
sam.okafor@example.org,Sam,@samskin,TikTok,23400,9100,0.88,250,acne journey,peer,Europe/London
lucia.ferri@example.com,Lucía,@lucia.glow,Instagram,890000,120000,0.64,2200,luxury routines,aspirational,Europe/Madrid

"""#
}
