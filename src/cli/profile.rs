//! A profile: what one configuration file (or none) makes of the rules: the engine that runs
//! the rules it could enable, its resolved settings and the options documents are read with.
//! `medlint check` builds one per configuration file its files sit under, `medlint lsp` one
//! per configuration file its open documents sit under.

use crate::config::Settings;
use crate::diagnostic::{Market, RuleInfo};
use crate::engine::Engine;
use crate::engine::context::Lexicon;
use crate::engine::walk::LintContext;
use crate::rules::RuleSet;
use crate::source::LoadOptions;
use std::sync::Arc;

pub(crate) struct Profile {
    pub engine: Engine,
    pub settings: Settings,
    pub load: LoadOptions,
    /// Every loaded rule, enabled or not (for `medlint rule` text and `--show-settings`).
    pub rules: Vec<Arc<RuleInfo>>,
}

impl Profile {
    /// Builds the engine of a rule set under resolved settings: only the rules some file could
    /// have on are run, with the configured hedge words, front-matter fields and citation
    /// domains.
    pub fn new(set: RuleSet, settings: Settings) -> Profile {
        let rules: Vec<Arc<RuleInfo>> = set.rules.iter().map(|r| r.info.clone()).collect();
        let enabled: Vec<_> = set
            .rules
            .into_iter()
            .filter(|r| settings.could_enable(&r.info))
            .collect();
        let lexicon = if settings.hedge_words.is_empty() {
            Lexicon::builtin()
        } else {
            Lexicon::with_hedges(&settings.hedge_words)
        };
        let engine = Engine::with_classes(enabled, lexicon, set.user_classes.as_ref());
        let mut load = LoadOptions::default();
        if let Some(fields) = &settings.front_matter_fields {
            load.front_matter_fields = fields.clone();
        }
        load.citations
            .add_strong_domains(settings.citation_domains.iter().cloned());
        Profile {
            engine,
            settings,
            load,
            rules,
        }
    }

    /// The context files are linted in under this profile.
    pub fn context(&self, keep_source: bool) -> LintContext<'_> {
        LintContext {
            engine: &self.engine,
            settings: &self.settings,
            load: &self.load,
            market: self.settings.market.unwrap_or(Market::Us),
            keep_source,
        }
    }
}
