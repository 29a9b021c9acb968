import Foundation
import PitchMail
import Yams

/// Reads `pitchlab.yaml` node by node, with positions, so every error names its line and setting.
struct CampaignConfigParser {
    let file: String
    let environment: [String: String]

    /// The known keys of each mapping, by dotted path ("" is the top level).
    static let schema: [String: [String]] = [
        "": ["campaign", "sender", "smtp", "limits", "retry", "send_window", "tracking", "imap", "template",
             "size_per_variant", "seed", "stages", "goal", "scoring"],
        "campaign": ["id", "name"],
        "sender": ["from", "address", "name", "reply_to"],   // address: a synonym of from
        "smtp": ["url", "username", "password_env", "password_file", "connections", "require_tls", "insecure", "ca_file"],
        "limits": ["per_minute", "per_hour", "per_day", "min_gap_seconds", "max_gap_seconds", "concurrency"],
        "retry": ["first_delay_minutes", "max_delay_minutes", "min_delay_seconds", "give_up_after_hours",
                  "throttle_pause_minutes", "max_throttle_pause_minutes"],
        "send_window": ["weekdays", "hours", "timezone"],
        "tracking": ["base_url", "opens", "clicks", "key_env", "apple_window_minutes", "scanner_seconds", "google_refetch_seconds",
                     "apple_ranges_file", "google_ranges_file", "scanner_ranges_file"],
        "imap": ["url", "username", "password_env", "password_file"],
        "stages[]": ["tests", "variants", "size"],
        "goal": ["description", "metric", "target", "measured_by", "deadline"],
        "scoring": ["value_per_view", "product_cost", "shipping_cost", "fees"],
    ]

    // MARK: Errors

    func error(_ kind: CampaignConfigError.Kind, at node: Node?, field: String?, _ message: String) -> CampaignConfigError {
        let mark = node?.mark
        return CampaignConfigError(kind, file: file, line: mark?.line, column: mark?.column, field: field, message)
    }

    func invalid(_ node: Node, _ field: String, _ message: String) -> CampaignConfigError {
        error(.invalidField, at: node, field: field, "\(field) \(message)")
    }

    // MARK: Mappings

    /// A mapping's values by key, after checking every key is known.
    struct Fields {
        let node: Node
        let path: String
        var values: [String: Node]

        func label(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    }

    func fields(_ node: Node, path: String, schemaKey: String? = nil) throws(CampaignConfigError) -> Fields {
        let display = path.isEmpty ? "the configuration" : path
        guard let mapping = node.mapping else {
            throw error(.invalidField, at: node, field: path.isEmpty ? nil : path,
                        "\(display) must be a mapping of settings (one 'key: value' per line); see 'pitchlab init' for an example.")
        }
        let known = Self.schema[schemaKey ?? path] ?? []
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let label = path.isEmpty ? key : "\(path).\(key)"
            if key == "password" {
                throw error(.invalidField, at: keyNode, field: label,
                            "\(label) holds a secret, and secrets never go in \(file); remove it, export the password in an environment variable and name it with password_env (or use password_file).")
            }
            guard known.contains(key) else {
                throw error(.unknownKey, at: keyNode, field: label,
                            "\(label) is not a known setting\(Self.hint(for: key, known: known, path: schemaKey ?? path)); fix or remove it.")
            }
            if values[key] != nil {
                throw error(.invalidField, at: keyNode, field: label, "\(label) is set twice; keep one.")
            }
            values[key] = value
        }
        return Fields(node: node, path: path, values: values)
    }

    /// ` (did you mean per_minute?)`, ` (it belongs under limits:)`, or nothing.
    static func hint(for key: String, known: [String], path: String) -> String {
        let lower = key.lowercased().replacingOccurrences(of: "-", with: "_")
        let scored = known.map { ($0, Levenshtein.distance(lower, $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        if let (best, distance) = scored.first, distance <= max(2, best.count / 3) || best.hasPrefix(lower) && lower.count >= 3 {
            return " (did you mean \(best)?)"
        }
        let homes = schema.filter { $0.key != path && $0.value.contains(lower) }.map(\.key).sorted()
        if let home = homes.first {
            return home.isEmpty ? " (it belongs at the top level, not under \(path):)" : " (it belongs under \(home.replacingOccurrences(of: "[]", with: "")):)"
        }
        return known.isEmpty ? "" : " (known here: \(known.joined(separator: ", ")))"
    }


    // MARK: Scalars

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func string(_ node: Node?, _ field: String) throws(CampaignConfigError) -> String? {
        guard let node, !Self.isNull(node) else { return nil }
        guard let scalar = node.scalar else {
            throw invalid(node, field, "must be a single value, not a list or mapping; write it as text.")
        }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw invalid(node, field, "contains a line break or control character; write it on one line.")
        }
        return value
    }

    func required(_ fields: Fields, _ key: String, example: String) throws(CampaignConfigError) -> String {
        guard let value = try string(fields.values[key], fields.label(key)) else {
            let label = fields.label(key)
            let under = fields.path.isEmpty ? "at the top level" : "under \(fields.path):"
            throw error(.missingField, at: fields.values[key] ?? fields.node, field: label,
                        "\(label) is missing; add it \(under), e.g. \(key): \(example).")
        }
        return value
    }

    func identifier(_ node: Node?, _ field: String) throws(CampaignConfigError) -> String? {
        guard let node, let value = try string(node, field) else { return nil }
        guard PitchTemplate.isValidID(value) else {
            throw invalid(node, field, "'\(value)' is not a valid id; use letters, digits, '-', '_' or '.', starting with a letter or digit.")
        }
        return value
    }

    func bool(_ node: Node?, _ field: String) throws(CampaignConfigError) -> Bool? {
        guard let node, !Self.isNull(node) else { return nil }
        guard node.scalar != nil, let value = node.bool else {
            throw invalid(node, field, "must be true or false.")
        }
        return value
    }

    func positiveInt(_ node: Node?, _ field: String, example: Int, allowUnlimited: Bool = false)
        throws(CampaignConfigError) -> Int??
    {
        guard let node, !Self.isNull(node) else { return nil }
        if allowUnlimited, node.scalar?.string.lowercased() == "unlimited" { return .some(nil) }
        guard node.scalar != nil, let value = node.int, value > 0 else {
            let unlimited = allowUnlimited ? " (or unlimited)" : ""
            throw invalid(node, field, "must be a positive whole number\(unlimited); write e.g. \(field.split(separator: ".").last ?? ""): \(example).")
        }
        return .some(value)
    }

    func seconds(_ node: Node?, _ field: String) throws(CampaignConfigError) -> Double? {
        guard let node, !Self.isNull(node) else { return nil }
        guard node.scalar != nil, let value = node.float, value.isFinite, value >= 0 else {
            throw invalid(node, field, "must be a number of seconds, 0 or more; write e.g. \(field.split(separator: ".").last ?? ""): 5.")
        }
        return value
    }

    func url(_ node: Node?, _ field: String, schemes: [String]) throws(CampaignConfigError) -> String? {
        guard let node, let value = try string(node, field) else { return nil }
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            schemes.contains(scheme), let host = components.host, !host.isEmpty
        else {
            throw invalid(node, field, "'\(value)' is not a URL of the form \(schemes[0])://host; fix it.")
        }
        if components.password != nil {
            throw invalid(node, field, "holds a password, and secrets never go in \(file); remove it and name an environment variable with password_env.")
        }
        return value
    }

    func list(_ node: Node, _ field: String) throws(CampaignConfigError) -> [Node] {
        if let sequence = node.sequence { return Array(sequence) }
        if node.scalar != nil { return [node] }
        throw invalid(node, field, "must be a value or a list of values.")
    }

    func secret(_ fields: Fields) throws(CampaignConfigError) -> SecretSource? {
        let env = try string(fields.values["password_env"], fields.label("password_env"))
        let path = try string(fields.values["password_file"], fields.label("password_file"))
        if env != nil, path != nil, let node = fields.values["password_file"] {
            throw invalid(node, fields.label("password_file"), "is set together with password_env; keep one of the two.")
        }
        if let env, let node = fields.values["password_env"] {
            guard env.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !(env.first?.isNumber ?? true) else {
                throw invalid(node, fields.label("password_env"), "must be the name of an environment variable (letters, digits, '_'), not the password itself.")
            }
            return .environment(env)
        }
        return path.map { .file($0) }
    }
}
