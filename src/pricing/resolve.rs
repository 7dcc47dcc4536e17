//! Model ids as users have them: `PROVIDER/MODEL`, a bare `MODEL`, dated
//! snapshot names (`gpt-4o-mini-2024-07-18`) and fine-tuned model ids
//! (`ft:gpt-4o-mini-2024-07-18:org:suffix:id`); and the `ftvp prices QUERY`
//! filter.

use super::{Catalog, Model, PricingError};

/// The provider that issues `ft:` ids. Azure serves the same base models, but
/// its fine-tuned deployments have names of the user's choosing, so an `ft:`
/// id always comes from OpenAI.
const FT_ISSUER: &str = "openai";

/// `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`; `claude-sonnet-4-5-20250929` →
/// `claude-sonnet-4-5`; `None` when the name ends in no snapshot date.
pub fn strip_snapshot_date(name: &str) -> Option<&str> {
    let dashed = |date: &str| {
        date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            })
    };
    let compact = |date: &str| date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit());
    let (family, date) = name
        .rsplit_once('-')
        .filter(|(_, d)| compact(d))
        .or_else(|| {
            let cut = name.len().checked_sub(11)?;
            let (family, rest) = name.split_at_checked(cut)?;
            rest.strip_prefix('-')
                .filter(|d| dashed(d))
                .map(|d| (family, d))
        })?;
    (!family.is_empty() && !date.is_empty()).then_some(family)
}

/// The base model name inside a fine-tuned id: `ft:BASE:org:suffix:id` → `BASE`.
pub fn fine_tuned_base(query: &str) -> Option<&str> {
    let rest = query.strip_prefix("ft:")?;
    let base = rest.split(':').next().unwrap_or(rest);
    (!base.is_empty()).then_some(base)
}

impl Catalog {
    internal! {
        /// Finds a model by `PROVIDER/MODEL`, or by a bare `MODEL` that exactly
        /// one provider defines. Also accepted, in either form: a dated snapshot
        /// name, which resolves to its family when no sheet lists the snapshot
        /// itself; and a fine-tuned id `ft:BASE:…`, which resolves to BASE (its
        /// `fine_tuning` table prices the tuned model) at the provider that issued
        /// it (OpenAI), and is never ambiguous with Azure.
        fn resolve(&self, query: &str) -> Result<&Model, PricingError> {
            if let Some(model) = self.models.get(query) {
                return Ok(model);
            }
            let found = match query.split_once('/') {
                Some((provider, name)) if self.has_provider(provider) => {
                    self.in_provider(provider, name)
                }
                _ => self.bare(query),
            };
            let name = query.rsplit_once('/').map_or(query, |(_, n)| n);
            if let (None, Some(base)) = (&found, fine_tuned_base(name)) {
                return Err(PricingError::Invalid(format!(
                    "unknown model `{}`: `ft:` ids name OpenAI's fine-tuned models, and no \
                     sheet lists {FT_ISSUER}/{}",
                    super::text::quote(query),
                    super::text::quote(base)
                )));
            }
            found.unwrap_or_else(|| {
                Err(PricingError::UnknownModel {
                    query: super::text::quote(query),
                    suggestions: self.closest(query),
                })
            })
        }
    }

    fn has_provider(&self, provider: &str) -> bool {
        self.models().any(|m| m.sheet.provider == provider)
    }

    /// A name (plain, snapshot or `ft:`) within one provider.
    fn in_provider(&self, provider: &str, name: &str) -> Option<Result<&Model, PricingError>> {
        if fine_tuned_base(name).is_some() && provider != FT_ISSUER {
            return None; // only OpenAI issues `ft:` ids
        }
        let base = fine_tuned_base(name).unwrap_or(name);
        let get = |n: &str| self.models.get(&format!("{provider}/{n}"));
        get(base)
            .or_else(|| strip_snapshot_date(base).and_then(get))
            .map(Ok)
    }

    /// A bare name: exact, else as a snapshot of a family; `ft:` ids at their issuer first.
    fn bare(&self, query: &str) -> Option<Result<&Model, PricingError>> {
        if fine_tuned_base(query).is_some() {
            // An `ft:` id is OpenAI's: `ft:claude-…` is no Anthropic model.
            return self.in_provider(FT_ISSUER, query);
        }
        self.unique(query, query)
            .or_else(|| strip_snapshot_date(query).and_then(|family| self.unique(query, family)))
    }

    /// The one model called `name`, an ambiguity error when several
    /// providers define it, `None` when none does.
    fn unique(&self, query: &str, name: &str) -> Option<Result<&Model, PricingError>> {
        let matches: Vec<&Model> = self.models().filter(|m| m.name == name).collect();
        match matches.as_slice() {
            [] => None,
            [one] => Some(Ok(*one)),
            many => Some(Err(PricingError::Ambiguous {
                query: super::text::quote(query),
                matches: many.iter().map(|m| m.id.clone()).collect(),
            })),
        }
    }

    /// Up to three ids that look most like `query`.
    pub(crate) fn closest(&self, query: &str) -> Vec<String> {
        let q: String = query.chars().take(200).collect::<String>().to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .models()
            .map(|m| {
                let by_id = strsim::jaro_winkler(&q, &m.id.to_lowercase());
                let by_name = strsim::jaro_winkler(&q, &m.name.to_lowercase());
                (by_id.max(by_name), m.id.as_str())
            })
            .filter(|(score, _)| *score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    internal! {
        /// The models whose id contains `query` (case-insensitive) and whose
        /// provider is `provider` (case-insensitive); `None` matches everything.
        fn filter(&self, query: Option<&str>, provider: Option<&str>) -> Vec<&Model> {
            self.models()
                .filter(|m| matches_query(m, query) && matches_provider(m, provider))
                .collect()
        }
    }

    internal! {
        /// True when a loaded sheet has `provider` (case-insensitive).
        fn knows_provider(&self, provider: &str) -> bool {
            self.providers()
                .iter()
                .any(|p| p.eq_ignore_ascii_case(provider))
        }
    }

    internal! {
        /// Every provider with a loaded sheet, sorted, once each.
        fn providers(&self) -> Vec<&str> {
            let mut all: Vec<&str> = self.sheets.iter().map(|s| s.provider.as_str()).collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    }
}

/// True when `query` is `None` or a case-insensitive substring of the model's id.
pub fn matches_query(model: &Model, query: Option<&str>) -> bool {
    query.is_none_or(|q| model.id.to_lowercase().contains(&q.to_lowercase()))
}

/// True when `provider` is `None` or the model's provider, ignoring case.
pub fn matches_provider(model: &Model, provider: Option<&str>) -> bool {
    provider.is_none_or(|p| model.sheet.provider.eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_dates_are_stripped_in_both_forms() {
        assert_eq!(
            strip_snapshot_date("gpt-4o-mini-2024-07-18"),
            Some("gpt-4o-mini")
        );
        assert_eq!(
            strip_snapshot_date("claude-sonnet-4-5-20250929"),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(strip_snapshot_date("gpt-4o-mini"), None);
        assert_eq!(strip_snapshot_date("o4-mini-0416"), None);
        assert_eq!(strip_snapshot_date("-2024-07-18"), None);
        assert_eq!(strip_snapshot_date("é-2024-07-1é"), None);
        assert_eq!(strip_snapshot_date("模型-2024-07-18"), Some("模型"));
        assert_eq!(strip_snapshot_date("日本語のモデル名"), None); // no cut inside a character
        assert_eq!(
            fine_tuned_base("ft:gpt-4o-mini-2024-07-18:acme::abc"),
            Some("gpt-4o-mini-2024-07-18")
        );
        assert_eq!(fine_tuned_base("ft:"), None);
        assert_eq!(fine_tuned_base("gpt-4o"), None);
    }
}
