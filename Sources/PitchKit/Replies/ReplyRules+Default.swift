extension ReplyRules {
    /// The built-in rules as an editable YAML file, in English and French; write it to the
    /// workspace with ``writeDefault(toFile:overwrite:)`` (as `reply-rules.yaml`) and edit it there.
    public static let defaultYAML = #"""
# PitchLab reply rules: how human replies to pitches are classified.
#
# Each reply (its new text only, quoted history removed) is lower-cased, curly apostrophes are
# made straight, whitespace is collapsed and, with ignore_diacritics, accents are dropped, so
# "Ça m’intéresse" matches the phrase "ça m'intéresse". Phrases match whole words; regexes are ICU
# patterns matched case-insensitively (write them in single quotes).
#
# The rule with the highest priority that matches decides. Without a priority:
#   unsubscribe 500 > wrong_person 400 > decline 300 > negotiate 200 > positive 100 > other.
# Positive and negotiate rules ignore negated matches ("not interested", "pas intéressé") unless
# a rule says negation: false.
#
# Rule fields: class (positive, negotiate, decline, wrong_person, unsubscribe), phrases, regexes,
# language, priority, name, negation, suppress. Set include_defaults: true to keep these
# built-in rules below your own.
version: 1

options:
  ignore_diacritics: true
  negation_window: 3          # words before a match searched for a negator

# Unsubscribe requests: classed decline, and the address is suppressed everywhere.
unsubscribe:
  - name: unsubscribe-en
    language: en
    phrases:
      - "please remove me"
      - "remove me from"
      - "unsubscribe"
      - "stop emailing"
      - "stop emailing me"
      - "stop contacting me"
      - "stop sending me"
      - "take me off your list"
      - "take me off"
      - "don't email me"
      - "do not email me"
      - "don't contact me"
      - "do not contact me"
      - "opt out"
      - "opt me out"
      - "remove my email"
      - "remove my address"
    regexes:
      - '^stop[.! ]*$'
  - name: unsubscribe-fr
    language: fr
    phrases:
      - "ne plus recevoir"
      - "désinscrire"
      - "désabonner"
      - "retirez-moi"
      - "supprimez mon adresse"
      - "retirez mon adresse"
      - "ne me contactez plus"
      - "ne plus me contacter"
      - "arrêtez de m'écrire"
      - "arrêtez de m'envoyer"
      - "me retirer de votre liste"
      - "me retirer de vos listes"
      - "me supprimer de votre liste"
    regexes:
      - 'désinscri'
      - 'désabonn'
      - 'retirez[- ]moi'
      - 'supprimez[- ]moi'
      - '(souhaite|veux|voudrais) plus recevoir'
      - 'me (retirer|supprimer|désinscrire) de (votre|vos|la) (liste|listes|fichier|base)'

rules:
  # "I no longer work with brands" is a no, not a wrong person: above wrong_person.
  - name: decline-no-more-collabs-en
    class: decline
    language: en
    priority: 450
    regexes:
      - "no longer (work|working|partner|partnering|collaborate|collaborating|doing) (with )?(any )?(brands|brand deals|sponsors|sponsorships|collabs|partnerships)"
  - name: decline-no-more-collabs-fr
    class: decline
    language: fr
    priority: 450
    regexes:
      - "ne (travaille|collabore|fais) plus (avec|de) (les |des )?(marques|partenariats|collaborations|collabs|sponsors)"

  - name: wrong-person-en
    class: wrong_person
    language: en
    phrases:
      - "not the right person"
      - "wrong person"
      - "not the person you"
      - "no longer at"
      - "no longer with"
      - "no longer work"
      - "left the company"
      - "don't work there"
      - "contact my manager"
      - "contact my agent"
      - "reach out to my manager"
      - "reach out to my agent"
      - "email my manager"
      - "email my agent"
      - "my manager handles"
      - "my agent handles"
      - "my management handles"
      - "the right person is"
      - "best person to contact"
      - "you have the wrong"
    regexes:
      - "(goes|go|handled) through my (manager|agent|management|agency)"
  - name: wrong-person-fr
    class: wrong_person
    language: fr
    phrases:
      - "je ne suis pas la bonne personne"
      - "pas la bonne personne"
      - "mauvaise personne"
      - "ne travaille plus"
      - "ne fais plus partie"
      - "n'est plus chez"
      - "a quitté l'entreprise"
      - "j'ai quitté"
      - "contactez mon manager"
      - "contactez mon agent"
      - "contacter mon manager"
      - "contacter mon agent"
      - "mon agent s'occupe"
      - "mon manager s'occupe"
      - "la bonne personne est"
    regexes:
      - "(passez|passer|voyez|voir) (par|avec) mon (agent|agence|manager)"
      - "(écrivez|écrire) à mon (agent|agence|manager)"

  - name: decline-en
    class: decline
    language: en
    phrases:
      - "not interested"
      - "no interest"
      - "uninterested"
      - "no longer interested"
      - "no thanks"
      - "no thank you"
      - "thanks but no"
      - "we'll pass"
      - "i'll pass"
      - "i will pass"
      - "going to pass"
      - "gonna pass"
      - "have to pass"
      - "not for me"
      - "not for us"
      - "not a fit"
      - "not a good fit"
      - "not the right fit"
      - "not right now"
      - "not now"
      - "not at this time"
      - "not at the moment"
      - "maybe next time"
      - "fully booked"
      - "no capacity"
      - "decline"
    regexes:
      - '^(no|nope|nah)[.! ]*$'
      - '\bnot (really |that |very |too |all that |at all )?interested\b'
      - "(don't|do not|doesn't) (do|accept|take on|work with) (any )?(sponsored|sponsorships|brand deals|brand collabs|collabs|collaborations|partnerships)"
      - 'not (taking on|accepting|doing) (any )?(new )?(collabs|collaborations|partnerships|sponsorships|brand deals|projects)'
  - name: decline-fr
    class: decline
    language: fr
    phrases:
      - "pas intéressé"
      - "pas intéressée"
      - "pas intéressés"
      - "pas intéressées"
      - "non merci"
      - "ça ne m'intéresse pas"
      - "ne m'intéresse pas"
      - "sans façon"
      - "je passe mon tour"
      - "je vais passer"
      - "je décline"
      - "pas pour moi"
      - "pas pour nous"
      - "pas pour le moment"
      - "pas pour l'instant"
      - "pas maintenant"
      - "une autre fois"
      - "pas disponible"
      - "je suis complet"
      - "je suis complète"
      - "planning complet"
    regexes:
      - '^non[.! ]*$'
      - 'pas (vraiment |trop |très |du tout )?intéress'
      - "ne (suis|sommes) (pas|plus) (vraiment |du tout )?intéress"
      - "ne m'intéresse (pas|plus)"
      - "je ne fais (pas|plus) de (collaborations?|collabs?|partenariats?|placements?)"

  # Money and terms. "I don't work for free" is a negotiation, so this rule keeps negated matches.
  - name: negotiate-paid-only
    class: negotiate
    language: any
    negation: false
    regexes:
      - "(don't|do not|never) (work|do (collabs|collaborations|partnerships|posts)) for free"
      - "(don't|do not|never) do (unpaid|gifted|free) (collabs|collaborations|partnerships|posts|content)"
      - 'only (do |accept |take )?paid'
      - "(ne|n') (travaille|fais) (pas|jamais|plus) (gratuitement|gratuit|de gratuit)"
      - 'uniquement (des )?(collaborations |partenariats )?(rémunér|payé)'
  - name: negotiate-en
    class: negotiate
    language: en
    phrases:
      - "my rate is"
      - "my rate"
      - "my rates"
      - "your rate"
      - "rates"
      - "rate card"
      - "budget"
      - "fee"
      - "fees"
      - "$"
      - "€"
      - "£"
      - "how much"
      - "can you do"
      - "paid"
      - "payment"
      - "compensation"
      - "compensated"
      - "price"
      - "pricing"
      - "usd"
      - "counter offer"
      - "counteroffer"
  - name: negotiate-fr
    class: negotiate
    language: fr
    phrases:
      - "mes tarifs"
      - "mon tarif"
      - "tarifs"
      - "tarif"
      - "grille tarifaire"
      - "quel budget"
      - "votre budget"
      - "rémunération"
      - "rémunéré"
      - "rémunérée"
      - "combien"
      - "prix"
      - "devis"
      - "cachet"
      - "euros"
      - "payé"
      - "payée"

  - name: positive-en
    class: positive
    language: en
    phrases:
      - "sounds great"
      - "sounds good"
      - "sounds amazing"
      - "sounds fun"
      - "count me in"
      - "interested"
      - "i'd love to"
      - "would love to"
      - "love to"
      - "happy to"
      - "yes"
      - "yeah"
      - "yep"
      - "sure"
      - "absolutely"
      - "definitely"
      - "let's do it"
      - "let's do this"
      - "let's go"
      - "go ahead"
      - "it's a deal"
      - "works for me"
      - "i'm down"
      - "sign me up"
      - "send it over"
      - "send me the kit"
      - "why not"
      - "of course"
      - "i accept"
      - "love this"
      - "love it"
    regexes:
      - "\\bi'?m (so |totally |definitely |100% )?in\\b(?!\\s*[\\p{L}\\p{N}])"
      - '^(ok|okay|deal)\b'
  - name: positive-fr
    class: positive
    language: fr
    phrases:
      - "avec plaisir"
      - "ça m'intéresse"
      - "m'intéresse"
      - "partant"
      - "partante"
      - "partants"
      - "intéressé"
      - "intéressée"
      - "intéressés"
      - "oui"
      - "d'accord"
      - "ok pour moi"
      - "volontiers"
      - "carrément"
      - "pourquoi pas"
      - "ça marche"
      - "ça me va"
      - "ça me plaît"
      - "ça me tente"
      - "génial"
      - "allons-y"
      - "avec joie"
      - "j'accepte"
      - "j'adore"
"""#
}
