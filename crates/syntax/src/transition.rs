//! The arc-hybrid transition system with the root at the end of the buffer, its features, and greedy
//! decoding. A sentence of n words takes exactly 2n transitions.

use crate::clusters::prefix;
use crate::tagger::Lexeme;
use crate::weights::{feature, Weights};

/// Moves: shift, left-arc with a label, right-arc with a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left,
    Right,
}

/// Class id `0` is shift, `1..=L` left arcs, `L+1..=2L` right arcs.
pub(crate) fn move_of(class: usize, labels: usize) -> (Move, usize) {
    if class == 0 {
        (Move::Shift, 0)
    } else if class <= labels {
        (Move::Left, class - 1)
    } else {
        (Move::Right, class - 1 - labels)
    }
}

const NO: u32 = u32::MAX;

/// A parser configuration. Word `n` (one past the last) is the root.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) n: usize,
    pub(crate) stack: Vec<u32>,
    /// The front of the buffer; `n` is the root.
    pub(crate) buffer: usize,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u16>,
    left: Vec<[u32; 2]>,
    right: Vec<[u32; 2]>,
    valency: Vec<[u8; 2]>,
    /// Transitions taken, for the linear-time check.
    pub(crate) steps: usize,
}

impl State {
    pub(crate) fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n.min(256)),
            buffer: 0,
            heads: vec![NO; n],
            labels: vec![0; n],
            left: vec![[NO; 2]; n + 1],
            right: vec![[NO; 2]; n + 1],
            valency: vec![[0; 2]; n + 1],
            steps: 0,
        }
    }

    pub(crate) fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer >= self.n
    }

    pub(crate) fn valid(&self, mv: Move) -> bool {
        match mv {
            Move::Shift => self.buffer < self.n,
            Move::Left => !self.stack.is_empty() && (self.buffer < self.n || self.stack.len() == 1),
            Move::Right => self.stack.len() >= 2,
        }
    }

    pub(crate) fn apply(&mut self, mv: Move, label: usize) {
        self.steps += 1;
        match mv {
            Move::Shift => {
                self.stack.push(self.buffer as u32);
                self.buffer += 1;
            }
            Move::Left => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(self.buffer as u32, s0, label);
                }
            }
            Move::Right => {
                if let Some(s0) = self.stack.pop() {
                    let s1 = *self.stack.last().unwrap_or(&(self.n as u32));
                    self.attach(s1, s0, label);
                }
            }
        }
    }

    fn attach(&mut self, head: u32, dep: u32, label: usize) {
        let d = dep as usize;
        self.heads[d] = head;
        self.labels[d] = u16::try_from(label).unwrap_or(0);
        let h = head as usize;
        if dep < head {
            let l = &mut self.left[h];
            if l[0] == NO || dep < l[0] {
                l[1] = l[0];
                l[0] = dep;
            } else if l[1] == NO || dep < l[1] {
                l[1] = dep;
            }
            self.valency[h][0] = self.valency[h][0].saturating_add(1);
        } else {
            let r = &mut self.right[h];
            if r[0] == NO || dep > r[0] {
                r[1] = r[0];
                r[0] = dep;
            } else if r[1] == NO || dep > r[1] {
                r[1] = dep;
            }
            self.valency[h][1] = self.valency[h][1].saturating_add(1);
        }
    }

    /// Cost of a move (arcs of the gold tree it makes unreachable; a wrong label counts one).
    #[cfg(feature = "train")]
    pub(crate) fn cost(&self, mv: Move, label: usize, gold_heads: &[u32], gold_labels: &[u16]) -> usize {
        let n = self.n as u32;
        let b = self.buffer as u32;
        let in_buffer = |x: u32| x >= b && x <= n;
        match mv {
            Move::Shift => {
                let s0 = self.stack.last().copied();
                let mut cost = 0;
                let gh = gold_heads[b as usize];
                for &k in &self.stack {
                    if gold_heads[k as usize] == b {
                        cost += 1;
                    }
                    if gh == k && Some(k) != s0 {
                        cost += 1;
                    }
                }
                cost
            }
            Move::Left | Move::Right => {
                let len = self.stack.len();
                let s0 = self.stack[len - 1];
                let mut cost = (self.buffer..self.n).filter(|&d| gold_heads[d] == s0).count();
                let gh = gold_heads[s0 as usize];
                let target = if mv == Move::Left { b } else { self.stack[len - 2] };
                if gh == target {
                    if usize::from(gold_labels[s0 as usize]) != label {
                        cost += 1;
                    }
                } else {
                    let reachable = match mv {
                        Move::Left => (len >= 2 && gh == self.stack[len - 2]) || (gh > b && gh <= n),
                        Move::Right | Move::Shift => in_buffer(gh),
                    };
                    if reachable {
                        cost += 1;
                    }
                }
                cost
            }
        }
    }
}

/// Bucketed distance.
fn distance(a: u32, b: u32) -> u64 {
    let d = b.abs_diff(a);
    u64::from(if d > 10 { 11 + u32::from(d > 20) } else { d })
}

/// Fills `out` with the features of a configuration; `tags` are tag ids.
pub(crate) fn features(state: &State, words: &[Lexeme], tags: &[u16], out: &mut Vec<u64>) {
    out.clear();
    const ABSENT: u64 = 0xABCD;
    const ROOT: u64 = 0xDCBA;
    let n = state.n as u32;
    let word = |i: u32| -> u64 {
        if i == NO {
            ABSENT
        } else if i >= n {
            ROOT
        } else {
            words[i as usize].lower
        }
    };
    let tag = |i: u32| -> u64 {
        if i == NO {
            ABSENT
        } else if i >= n {
            ROOT
        } else {
            u64::from(tags[i as usize])
        }
    };
    let label = |i: u32| -> u64 {
        if i == NO || i >= n {
            ABSENT
        } else {
            u64::from(state.labels[i as usize]) + 1
        }
    };
    let len = state.stack.len();
    let s = |k: usize| {
        if len > k {
            state.stack[len - 1 - k]
        } else {
            NO
        }
    };
    let (s0, s1, s2) = (s(0), s(1), s(2));
    let b0 = if state.buffer <= state.n { state.buffer as u32 } else { NO };
    let b1 = if state.buffer < state.n { state.buffer as u32 + 1 } else { NO };
    let b2 = if state.buffer + 1 < state.n { state.buffer as u32 + 2 } else { NO };
    let child = |h: u32, side: usize, k: usize| -> u32 {
        if h == NO {
            NO
        } else if side == 0 {
            state.left[h as usize][k]
        } else {
            state.right[h as usize][k]
        }
    };
    let (s0l, s0l2, s0r, s0r2) = (child(s0, 0, 0), child(s0, 0, 1), child(s0, 1, 0), child(s0, 1, 1));
    let (b0l, b0l2) = (child(b0, 0, 0), child(b0, 0, 1));
    let (s1l, s1r) = (child(s1, 0, 0), child(s1, 1, 0));
    let (w_s0, t_s0, w_s1, t_s1, w_b0, t_b0) = (word(s0), tag(s0), word(s1), tag(s1), word(b0), tag(b0));
    let (w_b1, t_b1, t_b2, t_s2) = (word(b1), tag(b1), tag(b2), tag(s2));
    let mut f = |template: u64, a: u64, b: u64, c: u64| out.push(feature(100 + template, a, b, c));
    f(0, 0, 0, 0);
    // Single words.
    f(1, w_s0, t_s0, 0);
    f(2, w_s0, 0, 0);
    f(3, t_s0, 0, 0);
    f(4, w_b0, t_b0, 0);
    f(5, w_b0, 0, 0);
    f(6, t_b0, 0, 0);
    f(7, w_b1, t_b1, 0);
    f(8, w_b1, 0, 0);
    f(9, t_b1, 0, 0);
    f(10, word(b2), t_b2, 0);
    f(11, t_b2, 0, 0);
    f(12, w_s1, t_s1, 0);
    f(13, w_s1, 0, 0);
    f(14, t_s1, 0, 0);
    f(15, t_s2, 0, 0);
    // Pairs.
    f(20, w_s0 ^ t_s0.rotate_left(17), w_b0, t_b0);
    f(21, w_s0, t_s0, w_b0);
    f(22, w_s0, t_s0, t_b0);
    f(23, t_s0, w_b0, t_b0);
    f(24, w_s0, w_b0, 0);
    f(25, t_s0, t_b0, 0);
    f(26, t_b0, t_b1, 0);
    f(27, w_s1, w_s0, 0);
    f(28, t_s1, t_s0, 0);
    f(29, w_s1, t_s0, 0);
    f(30, t_s1, w_s0, 0);
    f(31, w_s0, t_b0, t_b1);
    f(32, t_s1, w_b0, 0);
    // Triples of tags.
    f(40, t_b0, t_b1, t_b2);
    f(41, t_s0, t_b0, t_b1);
    f(42, t_s1, t_s0, t_b0);
    f(43, t_s0, tag(s0l), t_b0);
    f(44, t_s0, tag(s0r), t_b0);
    f(45, t_s0, t_b0, tag(b0l));
    f(46, t_s1, t_s0, tag(s0l));
    f(47, t_s1, t_s0, tag(s0r));
    f(48, t_s1, tag(s1r), t_s0);
    f(49, t_s1, tag(s1l), t_s0);
    f(50, t_s2, t_s1, t_s0);
    // Distance and valency.
    let d = if s0 != NO && b0 != NO { distance(s0, b0) } else { 0 };
    let d1 = if s0 != NO && s1 != NO { distance(s1, s0) } else { 0 };
    f(60, w_s0, d, 0);
    f(61, t_s0, d, 0);
    f(62, w_b0, d, 0);
    f(63, t_b0, d, 0);
    f(64, t_s0, t_b0, d);
    f(65, t_s1, t_s0, d1);
    f(66, w_s0, d1, 0);
    let val = |h: u32, side: usize| {
        if h == NO || h >= n {
            0
        } else {
            u64::from(state.valency[h as usize][side])
        }
    };
    f(70, w_s0, val(s0, 1), 0);
    f(71, t_s0, val(s0, 1), 0);
    f(72, w_s0, val(s0, 0), 0);
    f(73, t_s0, val(s0, 0), 0);
    f(74, w_b0, val(b0, 0), 0);
    f(75, t_b0, val(b0, 0), 0);
    f(76, t_s1, val(s1, 1), 0);
    // Children.
    for (k, &c) in [s0l, s0r, s0l2, s0r2, b0l, b0l2, s1l, s1r].iter().enumerate() {
        let k = k as u64;
        f(80 + k, word(c), 0, 0);
        f(90 + k, tag(c), 0, 0);
        f(100 + k, label(c), 0, 0);
    }
    f(110, w_s0, label(s0l), label(s0r));
    f(111, t_s0, label(s0l), label(s0r));
    f(112, t_s0, label(s0l), label(s0l2));
    f(113, t_s0, label(s0r), label(s0r2));
    f(114, t_b0, label(b0l), label(b0l2));
    f(115, w_b0, label(b0l), 0);
    f(116, t_s1, label(s1l), label(s1r));
    f(117, t_s0, tag(s0l), tag(s0l2));
    f(118, t_s0, tag(s0r), tag(s0r2));
    f(119, t_b0, tag(b0l), tag(b0l2));
    // The words beside s0 and b0 in the sentence (what lies between them), and affixes for rare words.
    let near = |i: u32, offset: i64| -> u32 {
        if i == NO || i >= n {
            return NO;
        }
        let j = i64::from(i) + offset;
        if j < 0 || j >= i64::from(n) {
            NO
        } else {
            j as u32
        }
    };
    let (t_s0p, t_s0n, t_b0p) = (tag(near(s0, -1)), tag(near(s0, 1)), tag(near(b0, -1)));
    f(130, t_s0p, t_s0, t_b0);
    f(131, t_s0, t_s0n, t_b0);
    f(132, t_s0, t_b0p, t_b0);
    f(133, t_s0p, t_s0, t_s0n);
    f(134, t_b0p, t_b0, t_b1);
    f(135, w_b0, w_b1, 0);
    f(136, w_s1, w_s0, t_b0);
    f(137, w_s0, w_b0, t_b1);
    let suffix = |i: u32| if i == NO || i >= n { ABSENT } else { words[i as usize].suffix[2] };
    f(138, suffix(s0), t_s0, t_b0);
    f(139, t_s0, suffix(b0), t_b0);
    // Word clusters (Koo et al. 2008): paths cut at 4 and 6 bits and whole, alone and beside tags.
    let cluster = |i: u32, bits: u32| -> u64 {
        if i == NO {
            ABSENT
        } else if i >= n {
            ROOT
        } else {
            prefix(words[i as usize].cluster, bits)
        }
    };
    let (c_s0, c_b0, c_b1, c_s1) = (cluster(s0, 16), cluster(b0, 16), cluster(b1, 16), cluster(s1, 16));
    let (c4_s0, c4_b0, c4_b1, c4_s1) = (cluster(s0, 4), cluster(b0, 4), cluster(b1, 4), cluster(s1, 4));
    let (c6_s0, c6_b0, c6_b1, c6_s1) = (cluster(s0, 6), cluster(b0, 6), cluster(b1, 6), cluster(s1, 6));
    f(150, c_s0, 0, 0);
    f(151, c_b0, 0, 0);
    f(152, c_b1, 0, 0);
    f(153, c_s1, 0, 0);
    f(154, c6_s0, t_s0, 0);
    f(155, c6_b0, t_b0, 0);
    f(156, c6_b1, t_b1, 0);
    f(157, c6_s1, t_s1, 0);
    f(158, c_s0, c_b0, 0);
    f(159, c4_s0, c4_b0, 0);
    f(160, c6_s0, t_b0, 0);
    f(161, t_s0, c6_b0, 0);
    f(162, c_s0, t_b0, 0);
    f(163, t_s0, c_b0, 0);
    f(164, c4_s1, c4_s0, 0);
    f(165, c6_s1, t_s0, c6_b0);
    f(166, c4_b0, c4_b1, 0);
    f(167, c4_s0, c4_b0, c4_b1);
    f(168, c4_s1, c4_s0, c4_b0);
    f(169, t_s0, cluster(s0l, 4), t_b0);
    f(170, t_s0, cluster(s0r, 4), t_b0);
    f(171, t_b0, cluster(b0l, 4), 0);
    f(172, c6_s0, c6_b0, d);
}

/// Scores the moves of a configuration and returns the best valid class.
pub(crate) fn best_valid(state: &State, scores: &[f32], labels: usize) -> usize {
    let mut best = usize::MAX;
    let mut best_score = f32::NEG_INFINITY;
    let shift_ok = state.valid(Move::Shift);
    let left_ok = state.valid(Move::Left);
    let right_ok = state.valid(Move::Right);
    for (class, &score) in scores.iter().enumerate() {
        let ok = match move_of(class, labels).0 {
            Move::Shift => shift_ok,
            Move::Left => left_ok,
            Move::Right => right_ok,
        };
        if ok && (best == usize::MAX || score > best_score) {
            best = class;
            best_score = score;
        }
    }
    best
}

/// Parses greedily; returns heads (`n` is the root) and label ids.
pub(crate) fn parse(weights: &Weights, words: &[Lexeme], tags: &[u16], labels: usize, root_label: usize) -> State {
    let mut state = State::new(words.len());
    let mut feats = Vec::with_capacity(192);
    let mut scores = vec![0.0f32; 1 + 2 * labels];
    while !state.is_final() {
        features(&state, words, tags, &mut feats);
        scores.iter_mut().for_each(|s| *s = 0.0);
        weights.score(&feats, &mut scores);
        let class = best_valid(&state, &scores, labels);
        if class == usize::MAX {
            break;
        }
        let (mv, mut label) = move_of(class, labels);
        if mv == Move::Left && state.buffer >= state.n {
            label = root_label;
        }
        state.apply(mv, label);
    }
    state
}
