//! The bundled MITRE ATT&CK catalog: Sentinel's tactic names and the Enterprise v18.1 and ICS
//! techniques Sentinel accepts. The files under `schemas/attack/` are written by
//! `schemas/generate_attack_connectors.py`; they are embedded in the binary and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const TACTICS_TSV: &str = include_str!("../../../schemas/attack/tactics.tsv");
const TECHNIQUES_TSV: &str = include_str!("../../../schemas/attack/techniques.tsv");

/// Which ATT&CK matrix a tactic or technique comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    Enterprise,
    Ics,
    /// Sentinel's `PreAttack`, from the retired PRE-ATT&CK matrix.
    Legacy,
}

#[derive(Debug)]
pub struct Tactic {
    /// The name Sentinel uses (`CommandAndControl`).
    pub sentinel_name: &'static str,
    /// `TA0011`, or `-` for `PreAttack`.
    pub attack_id: &'static str,
    /// ATT&CK's short name (`command-and-control`).
    pub shortname: &'static str,
    /// ATT&CK's display name (`Command and Control`).
    pub name: &'static str,
    pub domain: Domain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    /// Replaced by another technique (often a sub-technique of the same name).
    Revoked,
    /// Withdrawn without replacement.
    Deprecated,
}

#[derive(Debug)]
pub struct Technique {
    /// `T1059` or `T1059.001`.
    pub id: &'static str,
    pub domain: Domain,
    /// Empty for ICS techniques (the ICS table has ids and tactics only).
    pub name: &'static str,
    /// Sentinel tactic names, as ATT&CK lists them for this very technique.
    pub tactics: Vec<&'static str>,
    pub status: Status,
    /// For a revoked technique: the active technique of the same name, if there is exactly one.
    pub replacement: Option<&'static str>,
}

impl Technique {
    pub fn is_subtechnique(&self) -> bool {
        self.id.contains('.')
    }

    /// `T1059.001` → `T1059`.
    pub fn parent_id(&self) -> Option<&'static str> {
        self.id.split_once('.').map(|(parent, _)| parent)
    }
}

#[derive(Debug)]
pub struct Attack {
    tactics: Vec<Tactic>,
    techniques: Vec<Technique>,
    by_id: HashMap<&'static str, usize>,
    /// Normalized spellings (lowercase, no spaces, hyphens or underscores) of each tactic's
    /// Sentinel name, short name and display name → index into `tactics`.
    by_loose_name: HashMap<String, usize>,
}

/// The catalog, parsed on first use.
pub fn attack() -> &'static Attack {
    static ATTACK: OnceLock<Attack> = OnceLock::new();
    ATTACK.get_or_init(|| Attack::parse(TACTICS_TSV, TECHNIQUES_TSV))
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

// The ATT&CK tables are compiled into the binary and parsed whole by this module's tests, so a
// bad row fails the test suite, never a user's run.
#[allow(clippy::panic)]
fn domain(text: &str) -> Domain {
    match text {
        "enterprise" => Domain::Enterprise,
        "ics" => Domain::Ics,
        "legacy" => Domain::Legacy,
        other => panic!("bundled ATT&CK data: unknown domain {other:?}"),
    }
}

/// Lowercase without spaces, hyphens and underscores: `Command and Control`,
/// `command-and-control` and `CommandAndControl` all become `commandandcontrol`.
pub fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Attack {
    // Bundled data, parsed whole by the tests: see `domain`.
    #[allow(clippy::panic)]
    fn parse(tactics_text: &'static str, techniques_text: &'static str) -> Attack {
        let tactics: Vec<Tactic> = rows(tactics_text)
            .map(|row| match row.as_slice() {
                [sentinel_name, attack_id, shortname, name, domain_text] => Tactic {
                    sentinel_name,
                    attack_id,
                    shortname,
                    name,
                    domain: domain(domain_text),
                },
                _ => panic!("bundled ATT&CK data: bad tactic row {row:?}"),
            })
            .collect();
        let mut by_loose_name = HashMap::new();
        for (index, tactic) in tactics.iter().enumerate() {
            for spelling in [tactic.sentinel_name, tactic.shortname, tactic.name] {
                by_loose_name.insert(loose(spelling), index);
            }
        }
        let techniques: Vec<Technique> = rows(techniques_text)
            .map(|row| match row.as_slice() {
                [id, domain_text, name, tactic_list, status, replacement] => Technique {
                    id,
                    domain: domain(domain_text),
                    name,
                    tactics: tactic_list.split(',').filter(|t| !t.is_empty()).collect(),
                    status: match *status {
                        "active" => Status::Active,
                        "revoked" => Status::Revoked,
                        "deprecated" => Status::Deprecated,
                        other => panic!("bundled ATT&CK data: unknown status {other:?}"),
                    },
                    replacement: (!replacement.is_empty()).then_some(*replacement),
                },
                _ => panic!("bundled ATT&CK data: bad technique row {row:?}"),
            })
            .collect();
        let by_id = techniques
            .iter()
            .enumerate()
            .map(|(index, technique)| (technique.id, index))
            .collect();
        Attack {
            tactics,
            techniques,
            by_id,
            by_loose_name,
        }
    }

    /// Every tactic name Sentinel accepts: the 14 Enterprise tactics, then the two ICS ones,
    /// then `PreAttack`.
    pub fn tactics(&self) -> &[Tactic] {
        &self.tactics
    }

    /// The tactic with exactly this Sentinel name.
    pub fn tactic(&self, sentinel_name: &str) -> Option<&Tactic> {
        self.tactics
            .iter()
            .find(|tactic| tactic.sentinel_name == sentinel_name)
    }

    /// The tactic a loosely written name stands for: any case, with or without spaces,
    /// hyphens or underscores, as the Sentinel name, ATT&CK short name or display name.
    pub fn tactic_loose(&self, name: &str) -> Option<&Tactic> {
        self.by_loose_name
            .get(&loose(name))
            .map(|&index| &self.tactics[index])
    }

    pub fn techniques(&self) -> &[Technique] {
        &self.techniques
    }

    /// The technique with this exact id (`T1059.001`).
    pub fn technique(&self, id: &str) -> Option<&Technique> {
        self.by_id.get(id).map(|&index| &self.techniques[index])
    }

    /// The one active technique with this name (any case), if exactly one has it.
    pub fn technique_named(&self, name: &str) -> Option<&Technique> {
        let name = name.trim();
        let mut found = self.techniques.iter().filter(|technique| {
            technique.status == Status::Active
                && !technique.name.is_empty()
                && technique.name.eq_ignore_ascii_case(name)
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The Sentinel tactics a technique belongs to, in the matrix's order. A sub-technique
    /// takes its parent's tactics as well as its own.
    pub fn tactics_of(&self, technique: &Technique) -> Vec<&'static str> {
        let parent = technique.parent_id().and_then(|id| self.technique(id));
        self.tactics
            .iter()
            .map(|tactic| tactic.sentinel_name)
            .filter(|name| {
                technique.tactics.contains(name)
                    || parent.is_some_and(|parent| parent.tactics.contains(name))
            })
            .collect()
    }
}

/// Whether `text` is a well-formed technique id: `T` and four digits, optionally `.` and
/// three digits.
pub fn is_technique_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    match bytes.len() {
        5 => bytes[0] == b'T' && digits(1..5),
        9 => bytes[0] == b'T' && digits(1..5) && bytes[5] == b'.' && digits(6..9),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tactics_are_the_fourteen_enterprise_ones_and_three_more() {
        let attack = attack();
        let count = |domain| {
            attack
                .tactics()
                .iter()
                .filter(|tactic| tactic.domain == domain)
                .count()
        };
        assert_eq!(count(Domain::Enterprise), 14);
        assert_eq!(count(Domain::Ics), 2);
        assert_eq!(count(Domain::Legacy), 1);
        for name in [
            "ImpairProcessControl",
            "InhibitResponseFunction",
            "PreAttack",
        ] {
            assert!(attack.tactic(name).is_some(), "{name}");
        }
    }

    #[test]
    fn tactic_names_are_matched_loosely() {
        let attack = attack();
        for spelling in [
            "CommandandControl",
            "Command and Control",
            "command-and-control",
            "COMMANDANDCONTROL",
        ] {
            assert_eq!(
                attack.tactic_loose(spelling).map(|t| t.sentinel_name),
                Some("CommandAndControl"),
                "{spelling}"
            );
        }
        assert_eq!(
            attack
                .tactic_loose("credential-access")
                .map(|t| t.sentinel_name),
            Some("CredentialAccess")
        );
        assert!(attack.tactic_loose("Nobelium").is_none());
    }

    #[test]
    fn techniques_are_enterprise_v18_1_and_ics() {
        let attack = attack();
        let enterprise = attack
            .techniques()
            .iter()
            .filter(|t| t.domain == Domain::Enterprise)
            .count();
        let ics = attack
            .techniques()
            .iter()
            .filter(|t| t.domain == Domain::Ics)
            .count();
        assert_eq!(enterprise, 835);
        assert_eq!(ics, 79);
        assert!(attack.techniques().iter().all(|t| is_technique_id(t.id)));
        assert!(attack.techniques().iter().all(|t| !t.tactics.is_empty()));
        let sentinel_names: Vec<_> = attack.tactics().iter().map(|t| t.sentinel_name).collect();
        for technique in attack.techniques() {
            for tactic in &technique.tactics {
                assert!(
                    sentinel_names.contains(tactic),
                    "{}: {tactic}",
                    technique.id
                );
            }
        }
    }

    #[test]
    fn technique_lookup_status_and_replacement() {
        let attack = attack();
        let powershell = attack.technique("T1086").unwrap();
        assert_eq!(powershell.status, Status::Revoked);
        assert_eq!(powershell.replacement, Some("T1059.001"));
        assert_eq!(
            attack.technique("T1043").unwrap().status,
            Status::Deprecated
        );
        assert_eq!(attack.technique("T1110").unwrap().status, Status::Active);
        assert_eq!(
            attack.technique("T1110").unwrap().tactics,
            vec!["CredentialAccess"]
        );
        let ics = attack.technique("T0886").unwrap();
        assert_eq!(ics.domain, Domain::Ics);
        assert_eq!(ics.tactics, vec!["InitialAccess", "LateralMovement"]);
        assert!(attack.technique("T9999").is_none());
    }

    #[test]
    fn subtechniques_take_their_parents_tactics() {
        let attack = attack();
        let technique = attack.technique("T1078.004").unwrap();
        let tactics = attack.tactics_of(technique);
        let parent = attack.technique("T1078").unwrap();
        for tactic in &parent.tactics {
            assert!(tactics.contains(tactic));
        }
    }

    #[test]
    fn technique_ids_are_validated() {
        for good in ["T1059", "T1059.001", "T0800"] {
            assert!(is_technique_id(good), "{good}");
        }
        for bad in ["t1059", "T105", "T1059.1", "T1059-001", "1059", "T1059 "] {
            assert!(!is_technique_id(bad), "{bad}");
        }
    }
}
