//! What the benches share: the best of several timed runs with its CPU
//! time, and a deterministic sample text.
#![allow(dead_code)] // each bench uses a part

use std::time::{Duration, Instant};

/// The fastest of `runs` runs of `f`, with its result.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Best::default();
    for _ in 0..runs {
        best.time(&mut f);
    }
    best.0.expect("at least one run")
}

/// CPU time (user + system) of the whole process so far.
pub fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the rusage it is given, plain integers.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// The fastest of the runs timed so far, with its result and CPU time, and
/// every run's time in order.
pub struct Best<T>(pub Option<(Duration, T)>, pub Duration, pub Vec<Duration>);

impl<T> Default for Best<T> {
    fn default() -> Self {
        Best(None, Duration::ZERO, Vec::new())
    }
}

impl<T> Best<T> {
    pub fn time(&mut self, f: impl FnOnce() -> T) {
        let (start, cpu) = (Instant::now(), cpu_time());
        let out = f();
        let (took, cpu) = (start.elapsed(), cpu_time() - cpu);
        self.2.push(took);
        if self.0.as_ref().is_none_or(|(b, _)| took < *b) {
            self.0 = Some((took, out));
            self.1 = cpu;
        }
    }
}

/// About `bytes` of deterministic text: common words with a tail of rare
/// made-up ones, code, other scripts and white space, so that no cache of
/// either tokenizer makes the run unrealistically fast.
pub fn sample_text(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "customer",
        "asked",
        "about",
        "a",
        "refund",
        "for",
        "invoice",
        "we",
        "checked",
        "billing",
        "account",
        "and",
        "subscription",
        "upgrade",
        "thanks",
        "東京の天気は晴れです。",
        "Привет,",
        "🎉",
        "fn",
        "main()",
        "{",
        "}",
        "let",
        "v",
        "=",
        "x",
        "*",
        "collect();\n",
        "    ",
        "12345",
        "3.14",
        "don't",
        "\n\n",
    ];
    const SYLLABLES: &[&str] = &[
        "ka", "ri", "to", "dra", "min", "pel", "cor", "zen", "ous", "ware",
    ];
    let mut seed: u64 = 20_261_127;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut t = String::with_capacity(bytes + 64);
    while t.len() < bytes {
        if next() % 100 < 8 {
            for _ in 0..2 + next() % 3 {
                t.push_str(SYLLABLES[next() % SYLLABLES.len()]);
            }
        } else {
            // Zipf-like: low indices far more often.
            let r = next() % 1000;
            t.push_str(WORDS[(r * r / 1000) * WORDS.len() / 1000]);
        }
        t.push(if next() % 12 == 0 { '\n' } else { ' ' });
    }
    t
}

/// The text as chat examples of about 2 KB: a system line, the text as the
/// user's message and the assistant's reply, JSON-escaped.
pub fn chat_lines(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(2_000);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (part, after) = rest.split_at(cut);
        let half = part.len() / 2;
        let half = (half..=part.len())
            .find(|&i| part.is_char_boundary(i))
            .unwrap_or(part.len());
        let (q, a) = part.split_at(half);
        let example = serde_json::json!({"messages": [
            {"role": "system", "content": "You answer questions about the text."},
            {"role": "user", "content": q},
            {"role": "assistant", "content": a},
        ]});
        out.push_str(&example.to_string());
        out.push('\n');
        rest = after;
    }
    out
}
