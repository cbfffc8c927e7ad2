//! The bundled data connector catalog: the connector ids the Azure-Sentinel repository's own
//! validation accepts, and the ids of the solutions' connectors with the tables each fills.
//! `schemas/connectors/connectors.tsv` is written by `schemas/generate_attack_connectors.py`,
//! embedded in the binary and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

const CONNECTORS_TSV: &str = include_str!("../../../schemas/connectors/connectors.tsv");

#[derive(Debug)]
pub struct Connector {
    pub id: &'static str,
    /// Listed in Azure-Sentinel's `ValidConnectorIds.json`.
    pub in_validation_list: bool,
    /// The tables this connector fills, as far as the solutions' mapping knows (may be empty).
    pub tables: Vec<&'static str>,
}

#[derive(Debug)]
pub struct Connectors {
    connectors: Vec<Connector>,
    by_id: HashMap<&'static str, usize>,
    by_lowercase_id: HashMap<String, usize>,
}

/// The catalog, parsed on first use.
pub fn connectors() -> &'static Connectors {
    static CONNECTORS: OnceLock<Connectors> = OnceLock::new();
    CONNECTORS.get_or_init(|| Connectors::parse(CONNECTORS_TSV))
}

impl Connectors {
    // The connector table is compiled into the binary and parsed whole by this module's
    // tests, so a bad row fails the test suite, never a user's run.
    #[allow(clippy::panic)]
    fn parse(text: &'static str) -> Connectors {
        let connectors: Vec<Connector> = text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(
                |line| match line.split('\t').collect::<Vec<_>>().as_slice() {
                    [id, listed, tables] => Connector {
                        id,
                        in_validation_list: *listed == "1",
                        tables: tables.split(',').filter(|t| !t.is_empty()).collect(),
                    },
                    _ => panic!("bundled connector data: bad row {line:?}"),
                },
            )
            .collect();
        let by_id = connectors
            .iter()
            .enumerate()
            .map(|(index, connector)| (connector.id, index))
            .collect();
        let mut by_lowercase_id = HashMap::new();
        for (index, connector) in connectors.iter().enumerate() {
            // With two spellings of one id (`AWSS3`, `AwsS3`), the validation list's one wins.
            let key = connector.id.to_ascii_lowercase();
            let keep_existing = by_lowercase_id
                .get(&key)
                .is_some_and(|&existing: &usize| connectors[existing].in_validation_list);
            if !keep_existing {
                by_lowercase_id.insert(key, index);
            }
        }
        Connectors {
            connectors,
            by_id,
            by_lowercase_id,
        }
    }

    pub fn all(&self) -> &[Connector] {
        &self.connectors
    }

    /// The connector with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Connector> {
        self.by_id.get(id).map(|&index| &self.connectors[index])
    }

    /// The connector whose id matches ignoring ASCII case.
    pub fn get_ignore_case(&self, id: &str) -> Option<&Connector> {
        self.by_lowercase_id
            .get(&id.to_ascii_lowercase())
            .map(|&index| &self.connectors[index])
    }

    /// The connector whose id matches ignoring case and spaces (`Azure Active Directory`).
    pub fn get_loose(&self, id: &str) -> Option<&Connector> {
        let squeezed: String = id.chars().filter(|c| !c.is_whitespace()).collect();
        self.get_ignore_case(&squeezed)
    }

    pub fn ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.connectors.iter().map(|connector| connector.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_holds_the_validation_list_and_the_solutions_connectors() {
        let connectors = connectors();
        let listed = connectors
            .all()
            .iter()
            .filter(|c| c.in_validation_list)
            .count();
        assert_eq!(listed, 219);
        assert_eq!(connectors.all().len(), 674);
        let aad = connectors.get("AzureActiveDirectory").unwrap();
        assert!(aad.in_validation_list);
        assert!(aad.tables.contains(&"SigninLogs"));
        assert!(connectors.get("1Password").is_some());
        assert!(connectors.get("azureactivedirectory").is_none());
        assert_eq!(
            connectors
                .get_ignore_case("azureactivedirectory")
                .map(|c| c.id),
            Some("AzureActiveDirectory")
        );
        assert_eq!(
            connectors.get_ignore_case("awss3").map(|c| c.id),
            Some("AWSS3")
        );
    }
}
