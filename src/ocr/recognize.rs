//! Text recognition: PP-OCRv6 small CTC model, crops batched by width, greedy decoding
//! straight from the output buffer with per-character confidences.

use super::batch::{BatchPolicy, BatchStats, Batcher};
use super::runtime::SessionPool;
use crate::error::{Error, Result};
use image::{imageops::FilterType, RgbImage};
use ort::value::Tensor;

/// Height of a recognition input line.
pub const REC_HEIGHT: u32 = 48;
/// Minimum padded width of a batch (the model was trained on 320 px wide inputs).
const REC_MIN_WIDTH: u32 = 320;
/// Widest line fed to the model; a longer crop is squeezed horizontally.
const REC_MAX_WIDTH: u32 = 1600;
/// Horizontal stride of the model: one output step per this many input pixels.
const REC_STEP_PX: u32 = 8;
/// Lines per inference call at most, per card the call may carry (see [`super::batch`]).
const REC_BATCH: usize = 8;
/// Lines per inference call at most whatever the cards: a line's output is steps x 18,710
/// class probabilities (6 MB for a 100-step line), so 64 lines are ~400 MB of output per
/// call, on the device and again on the host.
const REC_MAX_LINES_PER_CALL: usize = 64;
/// A batch takes lines up to this many times the width of its narrowest: every line is
/// padded to the widest, and inference costs by the padded width (about 6.5 ms per 100 px
/// of line on 2 cores, whatever the batch size), so a card's batches padded to 8 lines
/// wasted about 30% of recognition.
const REC_BATCH_SPREAD: f32 = 1.2;

/// The lines of `widths` (their input widths) in batches, narrowest first: at most
/// `per_call` lines whose widths stay within [`REC_BATCH_SPREAD`] of each other.
fn width_batches(widths: &[u32], per_call: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..widths.len()).collect();
    order.sort_by_key(|&i| widths[i]);
    let padded = |i: usize| widths[i].max(REC_MIN_WIDTH) as f32;
    let mut batches: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match batches.last_mut() {
            Some(b) if b.len() < per_call && padded(i) <= REC_BATCH_SPREAD * padded(b[0]) => {
                b.push(i)
            }
            _ => batches.push(vec![i]),
        }
    }
    batches
}

/// A recognised line: its text and one confidence per character.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognized {
    pub text: String,
    pub char_confidences: Vec<f32>,
    /// For each character, the output step (8 input pixels each) where it was emitted.
    pub char_steps: Vec<u32>,
    /// For each character, the runner-up the filter allowed (never the blank) and its
    /// highest probability over the character's steps: what a validator may try instead.
    pub char_alternatives: Vec<Option<(char, f32)>>,
    /// For each character, what the blank steps before it (since the previous character)
    /// said of a space or a period the blank outvoted: the evidence [`super::gaps`] weighs.
    pub gaps_before: Vec<GapEvidence>,
}

/// The strongest probability of a space and of a period over the blank steps between two
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GapEvidence {
    pub space: f32,
    pub period: f32,
}

impl Recognized {
    /// Mean character confidence (0 for an empty line).
    pub fn confidence(&self) -> f32 {
        mean_confidence(&self.char_confidences)
    }

    /// Insert `c`, not emitted by the recogniser but found otherwise, before character `i`
    /// (the text's char index, at most its length), at the step of the character it joins.
    pub fn insert_char(&mut self, i: usize, c: char, confidence: f32) {
        let Some(at) = self
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.text.len()))
            .nth(i)
        else {
            return;
        };
        let step = self
            .char_steps
            .get(i)
            .or(self.char_steps.last())
            .copied()
            .unwrap_or(0);
        self.text.insert(at, c);
        self.char_confidences.insert(i, confidence);
        self.char_steps.insert(i, step);
        self.char_alternatives.insert(i, None);
        self.gaps_before.insert(i, GapEvidence::default());
    }

    /// Remove character `i` (the text's char index) with what is kept for it.
    pub fn remove_char(&mut self, i: usize) {
        let Some((at, _)) = self.text.char_indices().nth(i) else {
            return;
        };
        self.text.remove(at);
        // The lists hold one entry a character; a line built otherwise keeps what it has.
        if i < self.char_confidences.len() {
            self.char_confidences.remove(i);
        }
        if i < self.char_steps.len() {
            self.char_steps.remove(i);
        }
        if i < self.char_alternatives.len() {
            self.char_alternatives.remove(i);
        }
        if i < self.gaps_before.len() {
            self.gaps_before.remove(i);
        }
    }
}

/// The mean of character confidences, 0 for none: the confidence of a line or of a value
/// read from pieces of lines.
pub fn mean_confidence(confidences: &[f32]) -> f32 {
    if confidences.is_empty() {
        0.0
    } else {
        confidences.iter().sum::<f32>() / confidences.len() as f32
    }
}

/// Which characters the decoder may emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharFilter {
    Any,
    /// Printable ASCII only: everything on a KTP. Keeps the multilingual model from
    /// answering with a CJK look-alike (a full-width colon, say).
    Ascii,
    /// Only `0`-`9`: the NIK, RT/RW.
    Digits,
}

/// The model's character list: class 0 is the CTC blank, class i is `chars[i - 1]`.
#[derive(Debug, Clone)]
pub struct Charset {
    chars: Vec<char>,
    /// The class of `.`, when the list has one.
    period: Option<usize>,
    /// The classes each restricted filter allows, blank first, in class order: a step is
    /// decoded over these ~100 classes instead of all 18,710 (that scan was ~0.1 ms a
    /// step, 100-150 ms a card).
    ascii: Vec<usize>,
    digits: Vec<usize>,
}

impl Charset {
    /// Parse the `character` metadata entry ('\n'-separated); the model has one extra final
    /// class, a space, not listed there.
    pub fn from_metadata(list: &str) -> Self {
        let mut chars: Vec<char> = list
            .split('\n')
            .map(|s| s.chars().next().unwrap_or(' '))
            .collect();
        chars.push(' ');
        Self::from_chars(chars)
    }

    pub fn from_chars(chars: Vec<char>) -> Self {
        let period = chars.iter().position(|&c| c == '.').map(|i| i + 1);
        let classes = |keep: fn(char) -> bool| {
            std::iter::once(0)
                .chain((1..=chars.len()).filter(|&c| keep(chars[c - 1])))
                .collect::<Vec<_>>()
        };
        let ascii = classes(|c| c.is_ascii_graphic() || c == ' ');
        let digits = classes(|c| c.is_ascii_digit());
        Self {
            chars,
            period,
            ascii,
            digits,
        }
    }

    /// The classes `filter` allows, or `None` for all of them.
    fn allowed_classes(&self, filter: CharFilter) -> Option<&[usize]> {
        match filter {
            CharFilter::Any => None,
            CharFilter::Ascii => Some(&self.ascii),
            CharFilter::Digits => Some(&self.digits),
        }
    }

    /// Number of classes including the blank.
    pub fn classes(&self) -> usize {
        self.chars.len() + 1
    }
}

/// The most probable of `classes` (all of the step's when `None`) at one step; the first
/// of equals.
fn best_of(step: &[f32], classes: Option<&[usize]>) -> (usize, f32) {
    match classes {
        None => argmax(step),
        Some(list) => list
            .iter()
            .filter_map(|&c| step.get(c).map(|&p| (c, p)))
            .fold(
                (0, f32::MIN),
                |acc, (c, p)| if p > acc.1 { (c, p) } else { acc },
            ),
    }
}

/// A space is put between two characters when the space class reached this probability on
/// a step between them, although the blank won there. PP-OCRv6 drops most spaces between
/// words this way (measured: 10% of flat synthetic cards lost a space in a name or address;
/// none with this rule, and no space was added where none is printed).
const SPACE_RESCUE: f32 = 0.15;

/// Letters the recogniser may read where a digit is printed (O/0, I/1, Z/2, S/5, B/8, G/6).
const DIGIT_LOOKALIKES: &str = "OoDQIl|iLZzSsBbGgT";

fn argmax(step: &[f32]) -> (usize, f32) {
    step.iter().enumerate().fold(
        (0, f32::MIN),
        |acc, (c, &p)| if p > acc.1 { (c, p) } else { acc },
    )
}

/// Greedy CTC decoding of one line: `probs` is `steps x classes`, already softmax.
/// Repeats collapse, blanks drop; each character's confidence is the highest probability
/// over the run of steps that produced it.
pub fn ctc_greedy(
    probs: &[f32],
    classes: usize,
    charset: &Charset,
    filter: CharFilter,
) -> Recognized {
    let mut text = String::new();
    let mut confs = Vec::new();
    let mut steps = Vec::new();
    let mut alternatives: Vec<Option<(char, f32)>> = Vec::new();
    let mut gaps: Vec<GapEvidence> = Vec::new();
    let mut gap = GapEvidence::default();
    let mut prev = 0usize;
    // The space is the model's last class; between two words its probability rises even
    // when the blank still wins (see SPACE_RESCUE).
    let space_class = classes - 1;
    let mut space_seen = 0f32;
    let allowed = charset.allowed_classes(filter);
    for (t, step) in probs.chunks_exact(classes).enumerate() {
        let (mut best, mut p) = best_of(step, allowed);
        if filter == CharFilter::Digits {
            // Only letters that look like digits become digits; a colon, a dot or a letter
            // of the label next to the number is no digit at all, so it reads as blank.
            let (free, free_p) = argmax(step);
            if free != 0 && !charset.chars[free - 1].is_ascii_digit() {
                let c = charset.chars[free - 1];
                if !DIGIT_LOOKALIKES.contains(c) {
                    (best, p) = (0, free_p);
                }
            }
        }
        if best != 0 && best < classes && best - 1 < charset.chars.len() {
            // Only digit readings are validated (the NIK) and can use a runner-up; scanning
            // every class for it on every line would cost about 10 ms a card.
            let alt = if filter == CharFilter::Digits {
                runner_up(step, best, charset, &charset.digits)
            } else {
                None
            };
            if best == prev {
                if let Some(last) = confs.last_mut() {
                    *last = f32::max(*last, p);
                }
                if let (Some(last), Some(a)) = (alternatives.last_mut(), alt) {
                    if last.is_none_or(|l| a.1 > l.1) {
                        *last = Some(a);
                    }
                }
            } else {
                let c = charset.chars[best - 1];
                if filter != CharFilter::Digits
                    && c != ' '
                    && space_seen >= SPACE_RESCUE
                    && text.chars().last().is_some_and(|l| l != ' ')
                {
                    text.push(' ');
                    confs.push(space_seen);
                    steps.push(t as u32);
                    alternatives.push(None);
                    gaps.push(gap);
                }
                text.push(c);
                confs.push(p);
                steps.push(t as u32);
                alternatives.push(alt);
                gaps.push(gap);
                space_seen = 0.0;
                gap = GapEvidence::default();
            }
        } else if best == 0 {
            space_seen = space_seen.max(step[space_class]);
            gap.space = space_seen;
            if let Some(pc) = charset.period.filter(|&pc| pc < classes) {
                gap.period = gap.period.max(step[pc]);
            }
        }
        prev = best;
    }
    Recognized {
        text,
        char_confidences: confs,
        char_steps: steps,
        char_alternatives: alternatives,
        gaps_before: gaps,
    }
}

/// The most probable character at `step` among `classes` other than the blank and `best`.
fn runner_up(
    step: &[f32],
    best: usize,
    charset: &Charset,
    classes: &[usize],
) -> Option<(char, f32)> {
    classes
        .iter()
        .filter(|&&c| c != 0 && c != best && c - 1 < charset.chars.len())
        .filter_map(|&c| step.get(c).map(|&p| (c, p)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, p)| (charset.chars[c - 1], p))
}

/// The x (in crop pixels) where output step `step` of a crop begins.
pub fn crop_x_of_step(crop: &RgbImage, step: u32) -> u32 {
    let input_w = input_width(crop) as f32;
    ((step * REC_STEP_PX) as f32 * crop.width() as f32 / input_w).min(crop.width() as f32) as u32
}

pub struct Recognizer {
    pool: SessionPool,
    charset: Charset,
    /// Gathers the lines of cards read at the same time (see [`super::batch`]).
    batcher: Batcher<LineInput, Recognized>,
    /// Lines per inference call at most: [`REC_BATCH`] per card a call may carry, at most
    /// [`REC_MAX_LINES_PER_CALL`].
    lines_per_call: usize,
}

fn input_width(img: &RgbImage) -> u32 {
    let (w, h) = img.dimensions();
    ((REC_HEIGHT as f32 * w as f32 / h.max(1) as f32).ceil() as u32).clamp(8, REC_MAX_WIDTH)
}

/// One line ready for the model, made in the caller's thread: its crop scaled to
/// [`REC_HEIGHT`], as normalised CHW floats in B,G,R order, not yet padded.
pub struct LineInput {
    data: Vec<f32>,
    width: u32,
    filter: CharFilter,
}

impl LineInput {
    fn new(crop: &RgbImage, filter: CharFilter) -> Self {
        let width = input_width(crop);
        let resized = image::imageops::resize(crop, width, REC_HEIGHT, FilterType::Triangle);
        let plane = (width * REC_HEIGHT) as usize;
        let mut data = vec![0f32; 3 * plane];
        for (i, px) in resized.pixels().enumerate() {
            for c in 0..3 {
                data[c * plane + i] = px.0[2 - c] as f32 / 127.5 - 1.0;
            }
        }
        Self {
            data,
            width,
            filter,
        }
    }
}

impl Recognizer {
    /// A recogniser whose calls each carry one card's lines.
    pub fn new(pool: SessionPool) -> Result<Self> {
        let list = pool.metadata("character")?.ok_or_else(|| {
            Error::Setup("the recognition model has no `character` metadata".into())
        })?;
        Ok(Self {
            pool,
            charset: Charset::from_metadata(&list),
            batcher: Batcher::new(BatchPolicy::default(), 1),
            lines_per_call: REC_BATCH,
        })
    }

    /// Let the lines of cards read at the same time share model calls, `sessions` of them
    /// running at once (the pool's size).
    pub fn batched(mut self, policy: BatchPolicy, sessions: usize) -> Self {
        self.batcher = Batcher::new(policy, sessions);
        self.lines_per_call = (REC_BATCH * policy.cards.max(1)).min(REC_MAX_LINES_PER_CALL);
        self
    }

    /// Read `lines`, grouped by width into calls of at most `lines_per_call` lines; each
    /// line decoded with its own filter.
    fn run(&self, lines: Vec<LineInput>) -> Result<Vec<Recognized>> {
        let input_widths: Vec<u32> = lines.iter().map(|l| l.width).collect();
        let mut results: Vec<Option<Recognized>> = vec![None; lines.len()];
        for batch in width_batches(&input_widths, self.lines_per_call) {
            let max_w = batch
                .iter()
                .map(|&i| input_widths[i])
                .max()
                .unwrap_or(0)
                .max(REC_MIN_WIDTH) as usize;
            let h = REC_HEIGHT as usize;
            // Right padding is 0.0, the normalised value of mid grey, as in training.
            let mut data = vec![0f32; batch.len() * 3 * h * max_w];
            for (b, &i) in batch.iter().enumerate() {
                let line = &lines[i];
                let w = line.width as usize;
                for (r, row) in line.data.chunks_exact(w).enumerate() {
                    // row r of the line's 3 x h planes goes to the same row of a wider plane
                    let at = b * 3 * h * max_w + r * max_w;
                    data[at..at + w].copy_from_slice(row);
                }
            }
            let tensor = Tensor::from_array(([batch.len(), 3, h, max_w], data))?;
            let decoded = self.pool.with(|s| {
                let out = s.run(ort::inputs![tensor])?;
                let (shape, probs) = out[0].try_extract_tensor::<f32>()?;
                let (n, steps, classes) = (shape[0] as usize, shape[1] as usize, shape[2] as usize);
                if n != batch.len() || classes != self.charset.classes() {
                    return Err(Error::Internal(format!(
                        "recogniser output {:?}, expected {} lines of {} classes",
                        &**shape,
                        batch.len(),
                        self.charset.classes()
                    )));
                }
                Ok(probs
                    .chunks_exact(steps * classes)
                    .zip(&batch)
                    .map(|(line, &i)| ctc_greedy(line, classes, &self.charset, lines[i].filter))
                    .collect::<Vec<_>>())
            })?;
            for (&i, r) in batch.iter().zip(decoded) {
                results[i] = Some(r);
            }
        }
        Ok(results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| Recognized {
                    text: String::new(),
                    char_confidences: vec![],
                    char_steps: vec![],
                    char_alternatives: vec![],
                    gaps_before: vec![],
                })
            })
            .collect())
    }
}

impl super::model::TextRecognizer for Recognizer {
    fn recognize(&self, crops: &[RgbImage], filter: CharFilter) -> Result<Vec<Recognized>> {
        if crops.is_empty() {
            return Ok(Vec::new());
        }
        let lines = crops.iter().map(|c| LineInput::new(c, filter)).collect();
        // Lines of any widths and filters may share a run: `run` groups them by width.
        self.batcher
            .submit(lines, |lines| self.run(lines), |_, _| true)
    }

    fn batch_stats(&self) -> BatchStats {
        self.batcher.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charset() -> Charset {
        Charset::from_chars(vec!['0', '1', 'A', 'O', ' ', ':'])
    }

    /// One step: a distribution with `p` on class `c` and the rest spread evenly.
    fn step(c: usize, p: f32, classes: usize) -> Vec<f32> {
        let rest = (1.0 - p) / (classes - 1) as f32;
        (0..classes)
            .map(|i| if i == c { p } else { rest })
            .collect()
    }

    #[test]
    fn collapses_repeats_and_drops_blanks() {
        let cs = charset();
        let k = cs.classes();
        // A A blank A 1 1 blank -> "AA1"
        let probs: Vec<f32> = [
            (3, 0.9),
            (3, 0.95),
            (0, 0.9),
            (3, 0.8),
            (2, 0.7),
            (2, 0.99),
            (0, 0.9),
        ]
        .iter()
        .flat_map(|&(c, p)| step(c, p, k))
        .collect();
        let r = ctc_greedy(&probs, k, &cs, CharFilter::Any);
        assert_eq!(r.text, "AA1");
        assert_eq!(r.char_confidences, vec![0.95, 0.8, 0.99]);
    }

    #[test]
    fn digit_filter_turns_letter_o_into_zero() {
        let cs = charset();
        let k = cs.classes();
        // 'O' wins overall, '0' is second: restricted to digits it must read '0'
        let mut s = vec![0.0; k];
        s[4] = 0.6; // 'O'
        s[1] = 0.3; // '0'
        s[0] = 0.1;
        let r = ctc_greedy(&s, k, &cs, CharFilter::Any);
        assert_eq!(r.text, "O");
        let r = ctc_greedy(&s, k, &cs, CharFilter::Digits);
        assert_eq!(r.text, "0");
        assert!((r.confidence() - 0.3).abs() < 1e-6);
    }

    #[test]
    fn digit_filter_reads_a_colon_as_nothing() {
        let cs = charset();
        let k = cs.classes();
        // ':' (with '1' its runner-up) then '1' then '0': the colon must not become a digit
        let mut colon = vec![0.01; k];
        colon[6] = 0.8;
        colon[2] = 0.15;
        let probs: Vec<f32> = colon
            .into_iter()
            .chain(
                [(0, 0.9), (2, 0.9), (1, 0.9)]
                    .iter()
                    .flat_map(|&(c, p)| step(c, p, k)),
            )
            .collect();
        assert_eq!(ctc_greedy(&probs, k, &cs, CharFilter::Any).text, ":10");
        assert_eq!(ctc_greedy(&probs, k, &cs, CharFilter::Digits).text, "10");
    }

    #[test]
    fn a_space_the_blank_outvoted_is_kept() {
        let cs = charset();
        let k = cs.classes();
        let space = k - 1;
        // 'A', then a blank step where the space class has 0.3, then '1'
        let mut gap = vec![0.0; k];
        gap[0] = 0.7;
        gap[space] = 0.3;
        let probs: Vec<f32> = step(3, 0.9, k)
            .into_iter()
            .chain(gap)
            .chain(step(2, 0.9, k))
            .collect();
        assert_eq!(ctc_greedy(&probs, k, &cs, CharFilter::Any).text, "A 1");
        // a faint space signal is no space
        let mut faint = vec![0.0; k];
        faint[0] = 0.95;
        faint[space] = 0.05;
        let probs: Vec<f32> = step(3, 0.9, k)
            .into_iter()
            .chain(faint)
            .chain(step(2, 0.9, k))
            .collect();
        assert_eq!(ctc_greedy(&probs, k, &cs, CharFilter::Any).text, "A1");
    }

    #[test]
    fn metadata_list_gets_trailing_space_class() {
        let cs = Charset::from_metadata("a\nb\nc");
        assert_eq!(cs.classes(), 5);
        let k = cs.classes();
        let probs: Vec<f32> = [(1, 0.9), (4, 0.9), (3, 0.9)]
            .iter()
            .flat_map(|&(c, p)| step(c, p, k))
            .collect();
        assert_eq!(ctc_greedy(&probs, k, &cs, CharFilter::Any).text, "a c");
    }
}
