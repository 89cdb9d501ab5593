//! POSIX regular expressions for `grep` and `sed`: basic (BRE) and extended (ERE) syntax with GNU's
//! extensions (`\+`, `\?`, `\|` in BRE; `\w`, `\s`, `\b`), bracket expressions with character
//! classes, groups, intervals and back-references.
//!
//! Matching backtracks, leftmost-first, with a step budget per search: a pathological pattern stops
//! matching instead of hanging the tab. (POSIX asks for the leftmost-longest match; the two agree on
//! the patterns people write in Dockerfiles.)

/// A compiled pattern: a program for a backtracking machine.
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    program: Vec<Inst>,
    classes: Vec<(Vec<(char, char)>, bool)>,
    groups: usize,
    /// Slots in all: the groups' starts and ends, then one per unbounded loop (see `Progress`).
    slots: usize,
    icase: bool,
}

/// One instruction of the matching machine.
#[derive(Debug, Clone, Copy)]
enum Inst {
    Char(char),
    Any,
    /// A bracket expression, by index into `classes`.
    Class(usize),
    Start,
    End,
    WordBoundary,
    Backref(usize),
    /// Records the position in a group slot (`2n` start, `2n + 1` end).
    Save(usize),
    /// Try the first target, then the second.
    Split(usize, usize),
    /// Fails unless the position moved since the loop iteration began (recorded in the slot by a
    /// `Save`): an iteration that matches nothing (`^*`, `(a*)*`) ends the loop instead of
    /// repeating until the step budget runs out.
    Progress(usize),
    Jump(usize),
    Match,
}

/// The largest program a pattern may compile to (intervals multiply their atom).
const MAX_PROGRAM: usize = 50_000;

#[derive(Debug, Clone)]
enum Node {
    /// One character.
    Char(char),
    /// `.`: any character.
    Any,
    /// A bracket expression (or `\w`, `\s`): ranges, negated or not.
    Class(Vec<(char, char)>, bool),
    /// `^`.
    Start,
    /// `$`.
    End,
    /// `\b`.
    WordBoundary,
    /// Sequence.
    Seq(Vec<Node>),
    /// Alternatives.
    Alt(Vec<Node>),
    /// A numbered group.
    Group(Box<Node>, usize),
    /// A repeated atom: min, max (None = unbounded).
    Repeat(Box<Node>, usize, Option<usize>),
    /// `\1` … `\9`.
    Backref(usize),
}

/// A match: the whole span and each group's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Option<(usize, usize)>>,
}

/// How many backtracking steps one search may take.
const STEP_BUDGET: usize = 200_000;

struct Parser {
    chars: Vec<char>,
    pos: usize,
    extended: bool,
    groups: usize,
}

fn class_ranges(name: &str) -> Option<Vec<(char, char)>> {
    Some(match name {
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "digit" => vec![('0', '9')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "blank" => vec![(' ', ' '), ('\t', '\t')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "print" => vec![(' ', '~')],
        "graph" => vec![('!', '~')],
        "cntrl" => vec![('\0', '\x1f'), ('\x7f', '\x7f')],
        _ => return None,
    })
}

fn word_class() -> Vec<(char, char)> {
    vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.chars.get(self.pos + 1).copied()
    }

    /// Whether the parser is at the end of an alternative: `|` (ERE) or `\|` (BRE), or the end of a group.
    fn at_alt(&self) -> bool {
        if self.extended { self.peek() == Some('|') } else { self.peek() == Some('\\') && self.peek2() == Some('|') }
    }

    fn at_close(&self, depth: usize) -> bool {
        depth > 0
            && if self.extended {
                self.peek() == Some(')')
            } else {
                self.peek() == Some('\\') && self.peek2() == Some(')')
            }
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, String> {
        let mut alts = vec![self.sequence(depth)?];
        while self.at_alt() {
            self.pos += if self.extended { 1 } else { 2 };
            alts.push(self.sequence(depth)?);
        }
        Ok(if alts.len() == 1 { alts.pop().unwrap_or(Node::Seq(Vec::new())) } else { Node::Alt(alts) })
    }

    fn sequence(&mut self, depth: usize) -> Result<Node, String> {
        let mut items: Vec<Node> = Vec::new();
        while self.pos < self.chars.len() && !self.at_alt() && !self.at_close(depth) {
            let first = items.is_empty();
            let atom = self.atom(depth, first)?;
            let atom = self.quantifiers(atom)?;
            items.push(atom);
        }
        Ok(Node::Seq(items))
    }

    fn quantifiers(&mut self, mut atom: Node) -> Result<Node, String> {
        // Each quantifier wraps the atom once more; a long run of them (`a****…`) is refused so that
        // compiling cannot recurse without bound.
        for _ in 0..16 {
            let (min, max, width) = match (self.peek(), self.peek2()) {
                (Some('*'), _) => (0, None, 1),
                (Some('+'), _) if self.extended => (1, None, 1),
                (Some('?'), _) if self.extended => (0, Some(1), 1),
                (Some('\\'), Some('+')) if !self.extended => (1, None, 2),
                (Some('\\'), Some('?')) if !self.extended => (0, Some(1), 2),
                (Some('{'), _) if self.extended => {
                    self.pos += 1;
                    let (min, max) = self.interval('}')?;
                    atom = Node::Repeat(Box::new(atom), min, max);
                    continue;
                }
                (Some('\\'), Some('{')) if !self.extended => {
                    self.pos += 2;
                    let (min, max) = self.interval('\\')?;
                    atom = Node::Repeat(Box::new(atom), min, max);
                    continue;
                }
                _ => return Ok(atom),
            };
            self.pos += width;
            atom = Node::Repeat(Box::new(atom), min, max);
        }
        Err("Regular expression too big".to_string())
    }

    /// `m}`, `m,}`, `m,n}` (or with `\}` in BRE).
    fn interval(&mut self, close: char) -> Result<(usize, Option<usize>), String> {
        let number = |p: &mut Self| {
            let start = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.chars[start..p.pos].iter().collect::<String>().parse::<usize>().ok()
        };
        let min = number(self).ok_or("Invalid content of \\{\\}")?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            number(self)
        } else {
            Some(min)
        };
        if close == '\\' {
            if self.peek() != Some('\\') || self.peek2() != Some('}') {
                return Err("Unmatched \\{".to_string());
            }
            self.pos += 2;
        } else {
            if self.peek() != Some('}') {
                return Err("Unmatched { or }".to_string());
            }
            self.pos += 1;
        }
        if max.is_some_and(|max| max < min) || min > 1000 {
            return Err("Invalid content of \\{\\}".to_string());
        }
        Ok((min, max))
    }

    fn atom(&mut self, depth: usize, first: bool) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end")?;
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' if first || self.extended => Node::Start,
            '$' if self.pos == self.chars.len() || self.extended || self.at_alt() || self.at_close(depth) => Node::End,
            '*' if first => Node::Char('*'),
            '[' => self.bracket()?,
            '(' if self.extended => self.group(depth)?,
            ')' if self.extended && depth == 0 => Node::Char(')'),
            '\\' => {
                let e = self.peek().ok_or("Trailing backslash")?;
                self.pos += 1;
                match e {
                    '(' if !self.extended => self.group(depth)?,
                    '1'..='9' => Node::Backref(e as usize - '0' as usize),
                    'w' => Node::Class(word_class(), false),
                    'W' => Node::Class(word_class(), true),
                    's' => Node::Class(vec![(' ', ' '), ('\t', '\r')], false),
                    'S' => Node::Class(vec![(' ', ' '), ('\t', '\r')], true),
                    'b' => Node::WordBoundary,
                    'n' => Node::Char('\n'),
                    't' => Node::Char('\t'),
                    other => Node::Char(other),
                }
            }
            other => Node::Char(other),
        })
    }

    fn group(&mut self, depth: usize) -> Result<Node, String> {
        // Parsing and compiling recurse per nesting level; bound it so no input exhausts the stack.
        if depth >= 100 {
            return Err("Regular expression too big".to_string());
        }
        self.groups += 1;
        let index = self.groups;
        let inner = self.alternation(depth + 1)?;
        if !self.at_close(depth + 1) {
            return Err("Unmatched ( or \\(".to_string());
        }
        self.pos += if self.extended { 1 } else { 2 };
        Ok(Node::Group(Box::new(inner), index))
    }

    fn bracket(&mut self) -> Result<Node, String> {
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or("Unmatched [, [^, [:, [., or [=")?;
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            if c == '[' && self.peek() == Some(':') {
                let rest: String = self.chars[self.pos + 1..].iter().collect();
                let end = rest.find(":]").ok_or("Unmatched [, [^, [:, [., or [=")?;
                let name = &rest[..end];
                ranges.extend(class_ranges(name).ok_or("Invalid character class name")?);
                self.pos += 1 + name.chars().count() + 2;
                continue;
            }
            if self.peek() == Some('-') && self.peek2().is_some_and(|n| n != ']') {
                let hi = self.peek2().unwrap_or(c);
                self.pos += 2;
                if hi < c {
                    return Err("Invalid range end".to_string());
                }
                ranges.push((c, hi));
            } else {
                ranges.push((c, c));
            }
        }
        Ok(Node::Class(ranges, negated))
    }
}

impl Regex {
    /// Compiles `pattern` (ERE when `extended`); the error is GNU's wording.
    pub(crate) fn new(pattern: &str, extended: bool, icase: bool) -> Result<Regex, String> {
        let mut parser = Parser { chars: pattern.chars().collect(), pos: 0, extended, groups: 0 };
        let node = parser.alternation(0)?;
        if parser.pos < parser.chars.len() {
            return Err("Unmatched ) or \\)".to_string());
        }
        let mut compiler = Compiler { program: Vec::new(), classes: Vec::new(), next_slot: 2 * (parser.groups + 1) };
        compiler.emit(&node)?;
        compiler.push(Inst::Match)?;
        let slots = compiler.next_slot;
        Ok(Regex { program: compiler.program, classes: compiler.classes, groups: parser.groups, slots, icase })
    }

    /// The first match starting at or after byte `from`.
    pub(crate) fn find_at(&self, text: &str, from: usize) -> Option<Match> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let start_index = chars.iter().position(|(b, _)| *b >= from).unwrap_or(chars.len());
        let mut budget = STEP_BUDGET;
        let byte = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
        for start in start_index..=chars.len() {
            let mut slots = vec![None; self.slots];
            match self.run(&chars, start, &mut slots, &mut budget) {
                Some(end) => {
                    let groups = (0..=self.groups)
                        .map(|g| match (slots[2 * g], slots[2 * g + 1]) {
                            (Some(s), Some(e)) => Some((byte(s), byte(e))),
                            _ => None,
                        })
                        .collect();
                    return Some(Match { start: byte(start), end: byte(end), groups });
                }
                None if budget == 0 => return None,
                None => {}
            }
        }
        None
    }

    /// Whether the pattern matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.find_at(text, 0).is_some()
    }

    fn same(&self, a: char, b: char) -> bool {
        a == b || (self.icase && a.to_lowercase().eq(b.to_lowercase()))
    }

    fn in_class(&self, index: usize, c: char) -> bool {
        let (ranges, negated) = &self.classes[index];
        let hit = |c: char| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
        let found = hit(c) || (self.icase && (c.to_lowercase().any(hit) || c.to_uppercase().any(hit)));
        found != *negated
    }

    /// Runs the program from `start`; the end of the first successful path, with `slots` filled.
    fn run(
        &self,
        chars: &[(usize, char)],
        start: usize,
        slots: &mut [Option<usize>],
        budget: &mut usize,
    ) -> Option<usize> {
        enum Undo {
            /// Resume at (pc, pos).
            Branch(usize, usize),
            /// Put a slot back.
            Slot(usize, Option<usize>),
        }
        let word = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_alphanumeric() || *c == '_');
        let mut stack: Vec<Undo> = Vec::new();
        let (mut pc, mut pos) = (0, start);
        loop {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            let ok = match self.program[pc] {
                Inst::Char(c) => chars.get(pos).is_some_and(|(_, d)| self.same(c, *d)).then(|| pos += 1).is_some(),
                Inst::Any => chars.get(pos).is_some_and(|(_, d)| *d != '\n').then(|| pos += 1).is_some(),
                Inst::Class(i) => chars.get(pos).is_some_and(|(_, d)| self.in_class(i, *d)).then(|| pos += 1).is_some(),
                Inst::Start => pos == 0,
                Inst::End => pos == chars.len(),
                Inst::WordBoundary => (pos > 0 && word(pos - 1)) != word(pos),
                Inst::Backref(n) => {
                    match (slots.get(2 * n).copied().flatten(), slots.get(2 * n + 1).copied().flatten()) {
                        (Some(s), Some(e)) if e >= s => {
                            let len = e - s;
                            let same = pos + len <= chars.len()
                                && (0..len).all(|i| self.same(chars[s + i].1, chars[pos + i].1));
                            same.then(|| pos += len).is_some()
                        }
                        _ => false,
                    }
                }
                Inst::Save(slot) => {
                    stack.push(Undo::Slot(slot, slots[slot]));
                    slots[slot] = Some(pos);
                    true
                }
                Inst::Split(first, second) => {
                    stack.push(Undo::Branch(second, pos));
                    pc = first;
                    continue;
                }
                Inst::Progress(slot) => slots[slot] != Some(pos),
                Inst::Jump(to) => {
                    pc = to;
                    continue;
                }
                Inst::Match => return Some(pos),
            };
            if ok {
                pc += 1;
                continue;
            }
            // Backtrack to the latest branch, undoing the slots saved since.
            loop {
                match stack.pop() {
                    None => return None,
                    Some(Undo::Slot(slot, old)) => slots[slot] = old,
                    Some(Undo::Branch(to, at)) => {
                        pc = to;
                        pos = at;
                        break;
                    }
                }
            }
        }
    }
}

struct Compiler {
    program: Vec<Inst>,
    classes: Vec<(Vec<(char, char)>, bool)>,
    /// The next free slot for a loop's start position.
    next_slot: usize,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, String> {
        if self.program.len() >= MAX_PROGRAM {
            return Err("Regular expression too big".to_string());
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    fn emit(&mut self, node: &Node) -> Result<(), String> {
        match node {
            Node::Char(c) => drop(self.push(Inst::Char(*c))?),
            Node::Any => drop(self.push(Inst::Any)?),
            Node::Class(ranges, negated) => {
                self.classes.push((ranges.clone(), *negated));
                self.push(Inst::Class(self.classes.len() - 1))?;
            }
            Node::Start => drop(self.push(Inst::Start)?),
            Node::End => drop(self.push(Inst::End)?),
            Node::WordBoundary => drop(self.push(Inst::WordBoundary)?),
            Node::Backref(n) => drop(self.push(Inst::Backref(*n))?),
            Node::Seq(items) => {
                for item in items {
                    self.emit(item)?;
                }
            }
            Node::Alt(alts) => {
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.emit(alt)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.program.len();
                        self.program[split] = Inst::Split(split + 1, next);
                    } else {
                        self.emit(alt)?;
                    }
                }
                let end = self.program.len();
                for j in jumps {
                    self.program[j] = Inst::Jump(end);
                }
            }
            Node::Group(inner, index) => {
                self.push(Inst::Save(2 * index))?;
                self.emit(inner)?;
                self.push(Inst::Save(2 * index + 1))?;
            }
            Node::Repeat(inner, min, max) => {
                for _ in 0..*min {
                    self.emit(inner)?;
                }
                match max {
                    None => {
                        // L: split body, out; save r; body; progress r; jump L
                        let slot = self.next_slot;
                        self.next_slot += 1;
                        let split = self.push(Inst::Split(0, 0))?;
                        self.push(Inst::Save(slot))?;
                        self.emit(inner)?;
                        self.push(Inst::Progress(slot))?;
                        self.push(Inst::Jump(split))?;
                        let out = self.program.len();
                        self.program[split] = Inst::Split(split + 1, out);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.emit(inner)?;
                        }
                        let out = self.program.len();
                        for split in splits {
                            self.program[split] = Inst::Split(split + 1, out);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(pattern: &str, extended: bool, text: &str) -> Option<(usize, usize)> {
        Regex::new(pattern, extended, false).ok()?.find_at(text, 0).map(|m| (m.start, m.end))
    }

    #[test]
    fn basic_and_extended_syntax() {
        assert_eq!(find("a.c", false, "xxabcx"), Some((2, 5)));
        assert_eq!(find("^#", false, "# comment"), Some((0, 1)));
        assert_eq!(find("ab*", false, "xabbbc"), Some((1, 5)));
        assert_eq!(find("a\\+", false, "caaa"), Some((1, 4)));
        assert_eq!(find("a+", false, "ca+"), Some((1, 3)));
        assert_eq!(find("(ab)+", true, "xababy"), Some((1, 5)));
        assert_eq!(find("\\(ab\\)\\{2\\}", false, "abababx"), Some((0, 4)));
        assert_eq!(find("cat|dog", true, "hotdog"), Some((3, 6)));
        assert_eq!(find("cat\\|dog", false, "hotdog"), Some((3, 6)));
        assert_eq!(find("[[:digit:]][[:digit:]]*", false, "v12.3"), Some((1, 3)));
        assert_eq!(find("[^a-z]", false, "abC"), Some((2, 3)));
        assert_eq!(find("x$", false, "xax"), Some((2, 3)));
        assert_eq!(find("\\bword\\b", false, "a word here"), Some((2, 6)));
        assert_eq!(find("\\(a\\)\\1", false, "baab"), Some((1, 3)));
        assert!(Regex::new("a\\{2", false, false).is_err());
        assert!(Regex::new("[a", false, false).is_err());
    }

    #[test]
    fn loops_that_match_nothing_end() {
        // Found by the shell fuzzer: `^+` repeated the anchor until the step budget ran out, on
        // every line grep read.
        assert_eq!(find("^+(A|B)=", true, "B=1"), Some((0, 2)));
        assert_eq!(find("^+(A|B)=", true, "PATH=/bin"), None);
        assert_eq!(find("(a*)*b", true, "aaab"), Some((0, 4)));
        assert_eq!(find("(a*)+$", true, "xaa"), Some((1, 3)));
        assert_eq!(find("\\(x*\\)*y", false, "zy"), Some((1, 2)));
    }

    #[test]
    fn groups_are_reported() {
        let re = Regex::new("^\\([a-z]*\\)=\\(.*\\)$", false, false).unwrap();
        let m = re.find_at("key=value", 0).unwrap();
        assert_eq!(m.groups[1], Some((0, 3)));
        assert_eq!(m.groups[2], Some((4, 9)));
    }

    #[test]
    fn pathological_patterns_stop() {
        let text = "a".repeat(40);
        let re = Regex::new("(a*)*b", true, false).unwrap();
        assert!(!re.is_match(&text));
        assert!(Regex::new("(((a{100}){100}){100})", true, false).is_err());
        assert!(Regex::new(&"(".repeat(5000), true, false).is_err());
    }
}
