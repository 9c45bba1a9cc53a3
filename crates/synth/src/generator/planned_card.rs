//! A `real_like` or `tight_crop` card from its [`Plan`]: the plan drawn from its own random
//! stream, the values it prints (a WNA card where asked, its variations), the print, the
//! wear, the capture, and the tags that say what the card got.

use super::{
    capture, frame, plan, planned, render, rng_for, values, wear, Condition, Plan, Stream, Tag,
    LOW_RES_CARD_PX,
};

/// The plan of card `index` under `condition`, for the conditions drawn from one.
pub fn plan_for(seed: u64, index: usize, condition: Condition) -> Option<Plan> {
    let rng = &mut rng_for(seed, index, Stream::Variation);
    match condition {
        Condition::RealLike => Some(plan::real_like(rng)),
        Condition::TightCrop => Some(plan::tight_crop(rng)),
        _ => None,
    }
}

/// The values `plan` prints for card `index`: the card's own, drawn again as a foreign
/// resident's where the plan asks for one, then its variations (an English occupation on a
/// WNA card, the address's leading abbreviation without its period). Returns the tags the
/// values gave.
fn planned_values(seed: u64, index: usize, plan: &Plan) -> (values::CardValues, Vec<Tag>) {
    let rng = &mut rng_for(seed, index, Stream::Values);
    let mut v = values::random_values_as(rng, plan.wna);
    let mut tags = Vec::new();
    if v.wna {
        tags.push(Tag::Wna);
        if let Some(occupation) = plan.english_occupation {
            v.fields.pekerjaan = occupation.to_string();
        }
    }
    if plan.undotted {
        if let Some(undotted) = values::undotted_abbreviation(&v.fields.alamat) {
            v.fields.alamat = undotted;
            tags.push(Tag::UndottedAbbreviation);
        }
    }
    if v.fields.gol_darah == "-" && plan.print.dash_gap.is_some() {
        tags.push(Tag::DashNearPhoto);
    }
    (v, tags)
}

/// The tags card `index` gets under `condition` without drawing it (its values are drawn:
/// they are cheap): the plan's and its values'. Left out: the tags only the drawing tells
/// (`issue_place_two_lines`), and `cut_off` and `low_res` are the plan's intent, which the
/// drawn card's corners then measure.
pub fn planned_tags(seed: u64, index: usize, condition: Condition) -> Vec<Tag> {
    let Some(plan) = plan_for(seed, index, condition) else {
        return Vec::new();
    };
    let (_, value_tags) = planned_values(seed, index, &plan);
    let mut tags = plan.tags();
    tags.retain(|t| *t != Tag::Wna);
    tags.extend(value_tags);
    tags.sort();
    tags
}

/// A card drawn from its plan: values, print, wear, capture, and the tags that say so.
pub(super) fn planned_card(
    seed: u64,
    index: usize,
    plan: &Plan,
) -> (
    values::CardValues,
    render::Glyphs,
    capture::Capture,
    Vec<Tag>,
) {
    let (v, mut tags) = planned_values(seed, index, plan);
    let (mut card, glyphs) =
        render::render_card(&mut rng_for(seed, index, Stream::Render), &v, &plan.print);
    let rng = &mut rng_for(seed, index, Stream::Capture);
    if let Some(strength) = plan.worn {
        wear::wear(&mut card, rng, strength);
    }
    let cap = planned::capture(rng, &card, plan);
    if render::issue_place_lines(&glyphs) > 1 {
        tags.push(Tag::IssuePlaceTwoLines);
    }
    tags.extend(
        plan.tags()
            .into_iter()
            .filter(|t| !matches!(t, Tag::Wna | Tag::CutOff | Tag::LowRes)),
    );
    if frame::card_width(&cap.corners) < LOW_RES_CARD_PX {
        tags.push(Tag::LowRes);
    }
    (v, glyphs, cap, tags)
}
