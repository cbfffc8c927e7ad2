//! The rows a run of the rule sees: Sentinel queries a Scheduled rule over its lookback
//! period ("Lookup data from the last", `queryPeriod`) ending at the run, and an NRT rule over
//! the minute before it; a hunting query or a parser is run by hand over whatever is there.

use crate::content::{ContentKind, RuleKind};
use crate::harness::rule::RuleSettings;
use crate::harness::time::{self, TICK_PER_MINUTE, TICK_PER_SECOND};

/// The half-open time range `[start, end)` of `TimeGenerated` a run reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: i64,
    pub end: i64,
    /// Where the length comes from (`queryPeriod 1h`).
    pub reason: String,
}

impl Window {
    pub fn contains(&self, ticks: i64) -> bool {
        (self.start..self.end).contains(&ticks)
    }

    pub fn describe(&self) -> String {
        format!(
            "{} .. {} ({})",
            time::format_datetime(self.start),
            time::format_datetime(self.end),
            self.reason
        )
    }
}

/// The window of one run at `now`.
///
/// - Scheduled: the lookback period, "the time period covered by the query"
///   (<https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview#query-scheduling>).
/// - NRT: "hard-coded to run once every minute and capture events ingested in the preceding
///   minute" (<https://learn.microsoft.com/azure/sentinel/near-real-time-rules#how-do-they-work>).
///   NRT rules filter on ingestion time; a fixture row has no separate ingestion time, so its
///   `TimeGenerated` stands for it.
/// - Hunting queries and parsers: no window.
///
/// The five-minute (NRT: two-minute) delay Sentinel adds to absorb ingestion latency is left
/// out: `now` is the end of the data the run covers, which is what a test pins.
pub fn for_rule(rule: &RuleSettings, now: i64) -> Option<Window> {
    match rule.kind {
        ContentKind::AnalyticRule(RuleKind::Scheduled) => {
            let period = rule.query_period?;
            Some(Window {
                start: now - period as i64 * TICK_PER_SECOND,
                end: now,
                reason: format!(
                    "queryPeriod {}",
                    crate::checks::fields::duration::format(period)
                ),
            })
        }
        ContentKind::AnalyticRule(RuleKind::Nrt) => Some(Window {
            start: now - TICK_PER_MINUTE,
            end: now,
            reason: "NRT: the minute before the run".into(),
        }),
        _ => None,
    }
}
