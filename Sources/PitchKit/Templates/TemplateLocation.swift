/// A position in a template file: the path as the user gave it, a 1-based line and a 1-based column.
///
/// Columns count Unicode scalars, as YAML parsers do. `description` prints `file:line:column`,
/// the form editors and terminals turn into links.
public struct TemplateLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The file path, as given when the template was loaded.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column (file order).
    public static func < (lhs: TemplateLocation, rhs: TemplateLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// Where a piece of template text (a subject, a message body, an offer…) sits in its file, so that a
/// position inside the text can be turned back into a file position.
struct TextOrigin: Sendable, Hashable {
    enum Layout: Sendable, Hashable {
        /// The text starts at `line:column` and its later lines start at column 1 (quoted or plain YAML
        /// scalars, whose folded lines are approximated).
        case inline(line: Int, column: Int)
        /// Each line of the text is a file line starting at `firstLine`, shifted right by `indent`
        /// columns (the body after the front matter, or a YAML literal block scalar).
        case block(firstLine: Int, indent: Int)
    }

    var file: String
    var layout: Layout

    /// The file position of the text's start.
    var start: TemplateLocation { location(line: 1, column: 1) }

    /// Maps a 1-based line and column inside the text to a file position.
    func location(line: Int, column: Int) -> TemplateLocation {
        switch layout {
        case .inline(let first, let firstColumn):
            if line == 1 {
                return TemplateLocation(file: file, line: first, column: firstColumn + column - 1)
            }
            return TemplateLocation(file: file, line: first + line - 1, column: column)
        case .block(let firstLine, let indent):
            return TemplateLocation(file: file, line: firstLine + line - 1, column: indent + column)
        }
    }

    /// Maps a string index inside `text` to a file position.
    func location(of index: String.Index, in text: String) -> TemplateLocation {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars[..<index] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return location(line: line, column: column)
    }
}
