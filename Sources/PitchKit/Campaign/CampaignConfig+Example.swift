extension CampaignConfig {
    /// A documented `pitchlab.yaml` that parses as it is (with the example template `dewpoint-peer`);
    /// `pitchlab init` writes it into a new workspace.
    public static let example = #"""
# pitchlab.yaml: one campaign. Secrets never go in this file: name an environment variable or a
# 0600 secrets file instead. Every setting below except campaign.id, sender.from, smtp.url and
# template has a default; delete what you do not need.

campaign:
  id: spring-creators            # letters, digits, '-', '_', '.'; unique in this workspace
  name: Spring creator outreach   # shown in reports (default: the id)

sender:
  from: partnerships@brand.example
  name: Maya Ortiz
  reply_to: maya@brand.example    # optional: where replies go

smtp:
  url: smtp://127.0.0.1:2525      # smtp://host:587 (STARTTLS) or smtps://host:465; PITCHLAB_SMTP_URL overrides it
  # username: partnerships@brand.example
  # password_env: PITCHLAB_SMTP_PASSWORD   # the name of the variable that holds the password
  # password_file: ~/.config/pitchlab/smtp-password   # or a file readable by you only (chmod 600)
  connections: 1                  # parallel connections to the relay
  require_tls: false              # also require STARTTLS for a relay on this machine
  insecure: false                 # allow plain text to a remote relay (never for real mail)
  # ca_file: /etc/ssl/certs/relay-ca.pem

limits:                           # per sending account (the SMTP login, or the From address)
  per_minute: 20                  # a number, or unlimited
  per_hour: 200
  per_day: 500                    # a sliding 24 hours
  min_gap_seconds: 3              # a random pause between sends, from min to max
  max_gap_seconds: 10
  concurrency: 1                  # sends in flight at once

retry:                            # deferred sends (4xx): exponential backoff with jitter, per domain
  first_delay_minutes: 5          # the first retry waits up to this; the ceiling doubles each time
  max_delay_minutes: 240
  min_delay_seconds: 60
  give_up_after_hours: 72         # then the send stays deferred and status lists it
  throttle_pause_minutes: 15      # a 421 or 4.7.x pauses the whole domain, doubling up to the max
  max_throttle_pause_minutes: 120

send_window:                      # in each recipient's time zone (the timezone column); or: always
  weekdays: [mon-fri]             # day names or ranges: [mon, wed, fri], [mon-thu]
  hours: "09:00-17:00"            # or a list: ["09:00-12:00", "14:00-17:00"]
  timezone: Europe/Paris          # for recipients whose time zone is empty or unknown (default UTC)

# tracking:                          # off unless base_url is set; see pitchlab serve
#   base_url: https://t.brand.example   # where pitchlab serve answers (pixel, clicks, unsubscribe)
#   opens: false                      # a pixel needs an HTML part; plain text is better for cold email
#   clicks: true                      # links become signed redirects through base_url
#   key_env: PITCHLAB_TRACKING_KEY    # the signing key (32+ bytes, hex or base64)
#   apple_window_minutes: 10          # machine-open windows (stats: tune on your own data)
#   scanner_seconds: 30
#   google_refetch_seconds: 60
#   apple_ranges_file: apple-egress.csv   # Apple's egress-ip-ranges.csv, refreshed by you (added to the built-in list)
# imap:
#   url: imaps://imap.brand.example/INBOX   # where replies arrive (pitchlab replies fetch)
#   username: partnerships@brand.example
#   password_env: PITCHLAB_IMAP_PASSWORD

template: dewpoint-peer           # the id of a template in Templates/
size_per_variant: 20              # recipients per variant in each test stage
# seed: 42                        # the split's random seed (default: derived from campaign.id)

# The plan follows the rule: test subjects first (same message and offer), then messages with the
# winning subject, then offers; then the overall winner goes to everyone not yet pitched. Leave
# stages out for exactly that, with every variant of the template; or list your own:
stages:
  - tests: subject                # stage 1
    # variants: [routine, barrier]    # default: all the template's subjects
  - tests: message                # stage 2, with the winning subject
  - tests: offer                  # stage 3, with the winning subject and message
    size: 30                      # this stage only
# the stage after the last one sends the winner to the rest

# What counts as success (pitchlab goal). A plain string is a description only; with metric, target
# and deadline the goal is measured against the conversions you import (pitchlab conversions import).
goal:
  description: Sell the Barrier Routine kit through creator codes
  metric: sales                   # sales (sum of order amounts), orders, signups or posts
  target: 5000                    # an amount for sales, a count otherwise
  measured_by: code_or_url        # code (discount codes), url (tracked URLs) or code_or_url
  deadline: 2027-06-30            # YYYY-MM-DD, the end of that day (UTC)

# How pitchlab recipients rank values creators: avg_views x relevance x value_per_view, minus the
# creator's cost column plus the costs below (all in the campaign's currency, 0 when left out).
scoring:
  value_per_view: 0.05            # what one relevant view is worth to the brand
  product_cost: 118               # the kit sent to each creator
  shipping_cost: 12
  fees: 0                         # platform, agency or payment fees per creator
"""#
}
