//! Cutting a shipped sheet down to some of its models before it is parsed.
//!
//! A sheet is top-level keys, then tables; every model's tables are headed
//! `[models."ID"…]` or `[[models."ID"…]]` (the shipped sheets quote every
//! id). A table's lines run to the next header. The cut keeps the top-level
//! keys, every table that is not a model's, and the tables of the models
//! named. Only the shipped sheets are cut, and a test holds every cut model
//! equal to the same model parsed from the whole sheet.

/// `text` with only the model tables of `names` (ids without the provider);
/// `None` when no table is a named model's. Callers then parse the whole
/// sheet: a provider left without models would let `PROVIDER/ID` resolve as
/// a bare name elsewhere, where a full load says the provider has no `ID`.
pub(super) fn to_models(text: &str, names: &[&str]) -> Option<String> {
    let mut out = String::with_capacity(text.len() / 4);
    let mut keep = true;
    let mut kept_a_model = false;
    for line in text.split_inclusive('\n') {
        if let Some(id) = header(line) {
            keep = id.is_none_or(|id| names.contains(&id));
            kept_a_model |= keep && id.is_some();
        }
        if keep {
            out.push_str(line);
        }
    }
    kept_a_model.then_some(out)
}

/// The `routed_to` names of the models `names` (ids without the provider),
/// read from their main tables.
pub(super) fn routed_targets<'a>(text: &'a str, names: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut in_named_main = false;
    for line in text.lines() {
        if let Some(id) = header(line) {
            in_named_main = id.is_some_and(|id| {
                names.contains(&id) && line.trim_end() == format!("[models.\"{id}\"]")
            });
            continue;
        }
        let Some(rest) = line.trim_start().strip_prefix("routed_to") else {
            continue;
        };
        let value = rest.trim_start().strip_prefix('=').map(str::trim);
        if let Some(v) = value.filter(|_| in_named_main) {
            if let Some(name) = v.strip_prefix('"').and_then(|v| v.split('"').next()) {
                out.push(name);
            }
        }
    }
    out
}

/// For a table header line, `Some(Some(ID))` for a model's table and
/// `Some(None)` for another table; `None` for any other line.
fn header(line: &str) -> Option<Option<&str>> {
    let rest = line.strip_prefix("[[").or_else(|| line.strip_prefix('['))?;
    let Some(quoted) = rest.strip_prefix("models.\"") else {
        return Some(None);
    };
    Some(quoted.split_once('"').map(|(id, _)| id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{Catalog, EMBEDDED};

    #[test]
    fn a_cut_keeps_the_top_other_tables_and_the_models_named() {
        let text = "provider = \"p\"\n\n[models.\"a\"]\ninput = 1\n\
                    [models.\"a\".long_context]\nx = 1\n[models.\"b\"]\ninput = 2\n\
                    [[models.\"a\".changes]]\nfrom = 1\n[gpus.\"h100\"]\nper_hour = 3\n";
        assert_eq!(
            to_models(text, &["a"]).unwrap(),
            "provider = \"p\"\n\n[models.\"a\"]\ninput = 1\n\
             [models.\"a\".long_context]\nx = 1\n\
             [[models.\"a\".changes]]\nfrom = 1\n[gpus.\"h100\"]\nper_hour = 3\n"
        );
        // No named model here: the whole sheet is parsed instead.
        assert_eq!(to_models(text, &[]), None);
        assert_eq!(to_models(text, &["c"]), None);
    }

    #[test]
    fn every_shipped_model_cut_alone_is_the_model_of_the_whole_sheet() {
        let whole = Catalog::embedded().unwrap();
        for (name, text) in EMBEDDED {
            let provider = name.trim_end_matches(".toml");
            let ids: Vec<String> = whole
                .models()
                .filter(|m| m.sheet.provider == provider)
                .map(|m| m.id.clone())
                .collect();
            assert!(!ids.is_empty() || text.contains("[gpus."), "{name}");
            for id in ids {
                let one = Catalog::embedded_models(
                    Some(&[provider.to_string()]),
                    std::slice::from_ref(&id),
                )
                .unwrap();
                let cut: Vec<String> = one.models().map(|m| format!("{m:?}")).collect();
                let full = format!("{:?}", whole.resolve(&id).unwrap());
                assert_eq!(cut, vec![full], "{id}");
                let gpus = |c: &Catalog| -> Vec<String> {
                    c.gpus()
                        .filter(|g| g.id.starts_with(&format!("{provider}/")))
                        .map(|g| format!("{g:?}"))
                        .collect()
                };
                assert_eq!(gpus(&one), gpus(&whole), "{id}");
            }
        }
    }
}
