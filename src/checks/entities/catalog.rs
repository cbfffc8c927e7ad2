//! Sentinel's entity types for analytic rule entity mappings: each type's identifiers and the
//! identifier sets of which at least one must be mapped for Sentinel to create the entity.
//!
//! This is a public API: the entity rules use it, and so do rules built on top of entity
//! mappings (mapped columns against the query's output, incident grouping by entity type).
//!
//! ```
//! use sentinel_lint::checks::entities::catalog;
//! let account = catalog::entity_type("Account").unwrap();
//! assert!(account.identifier("Sid").is_some());
//! assert!(account.is_satisfied_by(&["Name"]));
//! let hash = catalog::entity_type("FileHash").unwrap();
//! assert!(!hash.is_satisfied_by(&["Value"]));
//! assert_eq!(catalog::entity_type_ignore_case("ip").unwrap().name, "IP");
//! ```

/// The most entity mappings one analytic rule may have.
pub const MAX_ENTITY_MAPPINGS: usize = 10;
/// The most field mappings (identifiers) one entity mapping may have.
pub const MAX_FIELD_MAPPINGS: usize = 3;

#[derive(Debug, PartialEq, Eq)]
pub struct EntityType {
    /// The `entityType` value, as Sentinel spells it (`IP`, `FileHash`).
    pub name: &'static str,
    /// Every identifier the type accepts, in Sentinel's documentation order.
    pub identifiers: &'static [&'static str],
    /// The identifier sets that identify an entity of this type: at least one set must be
    /// mapped in full (`FileHash` needs `Algorithm` and `Value`; `Account` needs any one of
    /// six identifiers, each a set of one).
    pub required: &'static [&'static [&'static str]],
}

impl EntityType {
    /// The identifier with exactly this name.
    pub fn identifier(&self, name: &str) -> Option<&'static str> {
        self.identifiers.iter().copied().find(|&id| id == name)
    }

    /// The identifier whose name matches ignoring ASCII case (`address` → `Address`).
    pub fn identifier_ignore_case(&self, name: &str) -> Option<&'static str> {
        self.identifiers
            .iter()
            .copied()
            .find(|id| id.eq_ignore_ascii_case(name))
    }

    /// Whether mapping the identifiers `present` (exact names) completes one required set.
    pub fn is_satisfied_by(&self, present: &[&str]) -> bool {
        self.required
            .iter()
            .any(|set| set.iter().all(|id| present.contains(id)))
    }

    /// The required sets in words: `` `Name` `` , `` `Algorithm` and `Value` ``,
    /// `` one of `FullName`, `Sid` or `Name` ``.
    pub fn describe_required(&self) -> String {
        let set = |ids: &[&str]| {
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        match self.required {
            [] => String::new(),
            [only] => set(only),
            [init @ .., last] => {
                let init: Vec<String> = init.iter().map(|ids| set(ids)).collect();
                format!("one of {} or {}", init.join(", "), set(last))
            }
        }
    }
}

macro_rules! entity_types {
    ($($name:literal: [$($id:literal),* $(,)?] requires [$([$($req:literal),+]),+ $(,)?];)*) => {
        &[$(EntityType {
            name: $name,
            identifiers: &[$($id),*],
            required: &[$(&[$($req),+]),+],
        }),*]
    };
}

/// Every entity type Sentinel's analytic rules can map, alphabetically.
pub static ENTITY_TYPES: &[EntityType] = entity_types! {
    "Account": [
        "Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId",
        "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid", "CloudAppAccountId",
    ] requires [["FullName"], ["Sid"], ["Name"], ["AadUserId"], ["PUID"], ["ObjectGuid"]];
    "AzureResource": ["ResourceId"] requires [["ResourceId"]];
    "CloudApplication": ["AppId", "Name", "InstanceName"] requires [["AppId"], ["Name"]];
    "DNS": ["DomainName"] requires [["DomainName"]];
    "File": ["Directory", "Name"] requires [["Name"]];
    "FileHash": ["Algorithm", "Value"] requires [["Algorithm", "Value"]];
    "Host": [
        "DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID",
        "OSFamily", "OSVersion", "IsDomainJoined",
    ] requires [["FullName"], ["HostName"], ["NetBiosName"], ["AzureID"], ["OMSAgentID"]];
    "IoTDevice": [
        "DeviceId", "DeviceName", "Manufacturer", "Model", "FirmwareVersion", "OperatingSystem",
        "MacAddress", "Protocols", "SerialNumber", "Source", "IoTSecurityAgentId", "DeviceType",
    ] requires [["DeviceId"]];
    "IP": ["Address"] requires [["Address"]];
    "Mailbox": [
        "MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel",
    ] requires [["MailboxPrimaryAddress"]];
    "MailCluster": [
        "NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType",
        "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount",
        "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType",
        "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup",
    ] requires [["Query"], ["Source"]];
    "MailMessage": [
        "Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName",
        "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain",
        "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "BodyFingerprintBin1",
        "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4", "BodyFingerprintBin5",
        "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language",
        "ThreatDetectionMethods",
    ] requires [["NetworkMessageId"], ["Recipient"]];
    "Malware": ["Name", "Category"] requires [["Name"]];
    "Process": ["ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"]
        requires [["CommandLine"], ["ProcessId"]];
    "RegistryKey": ["Hive", "Key"] requires [["Key"], ["Hive"]];
    "RegistryValue": ["Name", "Value", "ValueType"] requires [["Name"]];
    "SecurityGroup": ["DistinguishedName", "SID", "ObjectGuid"]
        requires [["DistinguishedName"], ["SID"], ["ObjectGuid"]];
    "SubmissionMail": [
        "NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject",
        "ReportType", "SubmissionId", "SubmissionDate", "Submitter",
    ] requires [["SubmissionId"], ["NetworkMessageId"], ["Recipient"], ["Submitter"]];
    "URL": ["Url"] requires [["Url"]];
};

pub fn entity_types() -> &'static [EntityType] {
    ENTITY_TYPES
}

/// The entity type with exactly this name (`IP`, not `ip`).
pub fn entity_type(name: &str) -> Option<&'static EntityType> {
    ENTITY_TYPES.iter().find(|entity| entity.name == name)
}

/// The entity type whose name matches ignoring ASCII case.
pub fn entity_type_ignore_case(name: &str) -> Option<&'static EntityType> {
    ENTITY_TYPES
        .iter()
        .find(|entity| entity.name.eq_ignore_ascii_case(name))
}

/// The entity type whose name matches ignoring ASCII case and whitespace (`Azure resource`).
pub fn entity_type_loose(name: &str) -> Option<&'static EntityType> {
    let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    entity_type_ignore_case(&squeezed)
}

/// Whether `text` can be a `columnName`: a KQL identifier `^[A-Za-z_][A-Za-z0-9_]*$`.
pub fn is_column_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        assert_eq!(ENTITY_TYPES.len(), 19);
        for entity in ENTITY_TYPES {
            for set in entity.required {
                for id in *set {
                    assert!(entity.identifier(id).is_some(), "{}: {id}", entity.name);
                }
            }
            let mut ids = entity.identifiers.to_vec();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), entity.identifiers.len(), "{}", entity.name);
        }
        let mut names: Vec<_> = ENTITY_TYPES.iter().map(|e| e.name).collect();
        let sorted = {
            let mut sorted = names.clone();
            sorted.sort_by_key(|name| name.to_ascii_lowercase());
            sorted
        };
        assert_eq!(names, sorted);
        names.dedup();
        assert_eq!(names.len(), ENTITY_TYPES.len());
    }

    #[test]
    fn lookups_and_required_sets() {
        let hash = entity_type("FileHash").unwrap();
        assert!(hash.is_satisfied_by(&["Algorithm", "Value"]));
        assert!(!hash.is_satisfied_by(&["Value"]));
        assert_eq!(hash.describe_required(), "`Algorithm` and `Value`");
        let process = entity_type("Process").unwrap();
        assert_eq!(
            process.describe_required(),
            "one of `CommandLine` or `ProcessId`"
        );
        assert!(entity_type("ip").is_none());
        assert_eq!(entity_type_ignore_case("ip").unwrap().name, "IP");
        assert_eq!(
            entity_type_loose("Azure resource").unwrap().name,
            "AzureResource"
        );
        assert_eq!(
            entity_type("IP").unwrap().identifier_ignore_case("address"),
            Some("Address")
        );
    }

    #[test]
    fn column_names() {
        for good in ["IPAddress", "_x", "a1"] {
            assert!(is_column_name(good), "{good}");
        }
        for bad in ["", "1a", "Account Name", "['x']", "a-b"] {
            assert!(!is_column_name(bad), "{bad}");
        }
    }
}
