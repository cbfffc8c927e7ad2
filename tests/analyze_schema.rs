//! Output schemas of KQL operators, each verified against Kusto.Language (the kql-oracle).

use sentinel_lint::analyze::{Analysis, Output, analyze_text};
use sentinel_lint::catalog::Catalog;

fn run(q: &str) -> Analysis {
    analyze_text(q, Catalog::bundled())
}

/// `name:type, …` of the output schema, with ` OPEN` appended when open.
fn schema(q: &str) -> String {
    let a = run(q);
    match a.output {
        Output::Table(s) => {
            let mut out = s
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, c.ty))
                .collect::<Vec<_>>()
                .join(", ");
            if s.open {
                out.push_str(" OPEN");
            }
            out
        }
        Output::Scalar(t) => format!("scalar {t}"),
        Output::None => "none".into(),
    }
}

#[allow(dead_code)]
fn codes(q: &str) -> Vec<&'static str> {
    run(q).diagnostics.iter().map(|d| d.code).collect()
}

/// (query, expected schema) pairs; every expectation is Kusto.Language's own output.
const ORACLE_CASES: &[(&str, &str)] = &[
    // find: common columns of the tables that can match, the predicate's columns, pack_ (oracle).
    (
        r#"find in (SecurityEvent, SigninLogs) where Computer == "x" and AppId == "y""#,
        r#"source_:string, _BilledSize:real, _IsBillable:string, Level:string, _ResourceId:string, SourceSystem:string, Status:dynamic, _SubscriptionId:string, TenantId:string, TimeGenerated:datetime, Type:string, UserPrincipalName:string, _ItemId:string, _TimeReceived:datetime, Computer:string, AppId:string, pack_:dynamic"#,
    ),
    (
        r#"find in (SecurityEvent, SigninLogs) where TimeGenerated > ago(1d)"#,
        r#"source_:string, _BilledSize:real, _IsBillable:string, Level:string, _ResourceId:string, SourceSystem:string, Status:dynamic, _SubscriptionId:string, TenantId:string, TimeGenerated:datetime, Type:string, UserPrincipalName:string, _ItemId:string, _TimeReceived:datetime, pack_:dynamic"#,
    ),
    (
        r#"find withsource=Source in (SecurityEvent, SigninLogs) where * has "x""#,
        r#"Source:string, _BilledSize:real, _IsBillable:string, Level:string, _ResourceId:string, SourceSystem:string, Status:dynamic, _SubscriptionId:string, TenantId:string, TimeGenerated:datetime, Type:string, UserPrincipalName:string, _ItemId:string, _TimeReceived:datetime, pack_:dynamic"#,
    ),
    (
        r#"find in (SecurityEvent, SigninLogs) where Computer == "x" project Computer, AppId"#,
        r#"source_:string, Computer:string, AppId:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | parse-kv Account as (a:string, b:long) with (pair_delimiter=",", kv_delimiter="=")"#,
        r#"Computer:string, Account:string, a:string, b:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, P = todynamic(Account) | mv-expand Computer = P"#,
        r#"Computer:dynamic, P:dynamic"#,
    ),
    (
        r#"union Security* | summarize count() by Type"#,
        r#"Type:string, count_:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | render timechart"#,
        r#"Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | summarize take_any(*)"#,
        r#"AccessMask:string, Account:string, AccountDomain:string, AccountExpires:string, AccountName:string, AccountSessionIdentifier:string, AccountType:string, Activity:string, AdditionalInfo:string, AdditionalInfo2:string, AllowedToDelegateTo:string, Attributes:string, AuditPolicyChanges:string, AuditsDiscarded:int, AuthenticationLevel:int, AuthenticationPackageName:string, AuthenticationProvider:string, AuthenticationServer:string, AuthenticationService:int, AuthenticationType:string, AzureDeploymentID:string, _BilledSize:real, CACertificateHash:string, CalledStationID:string, CallerProcessId:string, CallerProcessName:string, CallingStationID:string, CAPublicKeyHash:string, CategoryId:string, CertificateDatabaseHash:string, Channel:string, ClassId:string, ClassName:string, ClientAddress:string, ClientIPAddress:string, ClientName:string, CommandLine:string, CompatibleIds:string, Computer:string, Correlation:string, DCDNSName:string, DeviceDescription:string, DeviceId:string, DisplayName:string, Disposition:string, DomainBehaviorVersion:string, DomainName:string, DomainPolicyChanged:string, DomainSid:string, EAPType:string, ElevatedToken:string, ErrorCode:int, EventData:string, EventID:int, EventLevelName:string, EventRecordId:string, EventSourceName:string, ExtendedQuarantineState:string, FailureReason:string, FileHash:string, FilePath:string, FilePathNoUser:string, Filter:string, ForceLogoff:string, Fqbn:string, FullyQualifiedSubjectMachineName:string, FullyQualifiedSubjectUserName:string, GroupMembership:string, HandleId:string, HardwareIds:string, HomeDirectory:string, HomePath:string, InterfaceUuid:string, IpAddress:string, IpPort:string, _IsBillable:string, KeyLength:int, Keywords:string, Level:string, LmPackageName:string, LocationInformation:string, LockoutDuration:string, LockoutObservationWindow:string, LockoutThreshold:string, LoggingResult:string, LogonGuid:string, LogonHours:string, LogonID:string, LogonProcessName:string, LogonType:int, LogonTypeName:string, MachineAccountQuota:string, MachineInventory:string, MachineLogon:string, ManagementGroupName:string, MandatoryLabel:string, MaxPasswordAge:string, MemberName:string, MemberSid:string, MinPasswordAge:string, MinPasswordLength:string, MixedDomainMode:string, NASIdentifier:string, NASIPv4Address:string, NASIPv6Address:string, NASPort:string, NASPortType:string, NetworkPolicyName:string, NewDate:string, NewMaxUsers:string, NewProcessId:string, NewProcessName:string, NewRemark:string, NewShareFlags:string, NewTime:string, NewUacValue:string, NewValue:string, NewValueType:string, ObjectName:string, ObjectServer:string, ObjectType:string, ObjectValueName:string, OemInformation:string, OldMaxUsers:string, OldRemark:string, OldShareFlags:string, OldUacValue:string, OldValue:string, OldValueType:string, Opcode:string, OperationType:string, PackageName:string, ParentProcessName:string, PasswordHistoryLength:string, PasswordLastSet:string, PasswordProperties:string, PreviousDate:string, PreviousTime:string, PrimaryGroupId:string, PrivateKeyUsageCount:string, PrivilegeList:string, Process:string, ProcessId:string, ProcessName:string, ProfilePath:string, Properties:string, ProtocolSequence:string, ProxyPolicyName:string, QuarantineHelpURL:string, QuarantineSessionID:string, QuarantineSessionIdentifier:string, QuarantineState:string, QuarantineSystemHealthResult:string, RelativeTargetName:string, RemoteIpAddress:string, RemotePort:string, Requester:string, RequestId:string, _ResourceId:string, RestrictedAdminMode:string, RowsDeleted:string, SamAccountName:string, ScriptPath:string, SecurityDescriptor:string, ServiceAccount:string, ServiceFileName:string, ServiceName:string, ServiceStartType:int, ServiceType:string, SessionName:string, ShareLocalPath:string, ShareName:string, SidHistory:string, SourceComputerId:string, SourceSystem:string, Status:string, StorageAccount:string, SubcategoryGuid:string, SubcategoryId:string, Subject:string, SubjectAccount:string, SubjectDomainName:string, SubjectKeyIdentifier:string, SubjectLogonId:string, SubjectMachineName:string, SubjectMachineSID:string, SubjectUserName:string, SubjectUserSid:string, _SubscriptionId:string, SubStatus:string, SystemProcessId:int, SystemThreadId:int, SystemUserId:string, TableId:string, TargetAccount:string, TargetDomainName:string, TargetInfo:string, TargetLinkedLogonId:string, TargetLogonGuid:string, TargetLogonId:string, TargetOutboundDomainName:string, TargetOutboundUserName:string, TargetServerName:string, TargetSid:string, TargetUser:string, TargetUserName:string, TargetUserSid:string, Task:int, TemplateContent:string, TemplateDSObjectFQDN:string, TemplateInternalName:string, TemplateOID:string, TemplateSchemaVersion:string, TemplateVersion:string, TenantId:string, TimeGenerated:datetime, TokenElevationType:string, TransmittedServices:string, Type:string, UserAccountControl:string, UserParameters:string, UserPrincipalName:string, UserWorkstations:string, VendorIds:string, Version:int, VirtualAccount:string, Workstation:string, WorkstationName:string, _ItemId:string, _TimeReceived:datetime"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | extend Computer = strlen(Computer), Z = 1"#,
        r#"Computer:long, Account:string, Z:long"#,
    ),
    (
        r#"SecurityEvent | project A = Computer, B = Account | project-rename C = A"#,
        r#"C:string, B:string"#,
    ),
    (
        r#"SecurityEvent | extend TimeGenerated = 1 | project TimeGenerated"#,
        r#"TimeGenerated:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, n = 1 | summarize make_set(Computer), make_list(n), sum(n), max(n), min(Computer) by n2 = n * 2"#,
        r#"n2:long, set_Computer:dynamic, list_n:dynamic, sum_n:long, max_n:long, min_Computer:string"#,
    ),
    (
        r#"SecurityEvent | project Computer | extend d = todynamic(Computer) | extend e = d.a.b, f = d["x"]["y"], g = tostring(d.a)"#,
        r#"Computer:string, d:dynamic, e:dynamic, f:dynamic, g:string"#,
    ),
    (
        r#"SigninLogs | project UserPrincipalName, TimeGenerated | summarize arg_min(TimeGenerated, *) by UserPrincipalName"#,
        r#"UserPrincipalName:string, TimeGenerated:datetime"#,
    ),
    (
        r#"SigninLogs | project UserPrincipalName, TimeGenerated | extend h = bin(TimeGenerated, 1d) | summarize count() by h, UserPrincipalName | order by count_ desc"#,
        r#"h:datetime, UserPrincipalName:string, count_:long"#,
    ),
    (
        r#"SecurityEvent | where TimeGenerated > ago(1d) | project-away *Id, *Name"#,
        r#"AccessMask:string, Account:string, AccountDomain:string, AccountExpires:string, AccountSessionIdentifier:string, AccountType:string, Activity:string, AdditionalInfo:string, AdditionalInfo2:string, AllowedToDelegateTo:string, Attributes:string, AuditPolicyChanges:string, AuditsDiscarded:int, AuthenticationLevel:int, AuthenticationProvider:string, AuthenticationServer:string, AuthenticationService:int, AuthenticationType:string, AzureDeploymentID:string, _BilledSize:real, CACertificateHash:string, CalledStationID:string, CallingStationID:string, CAPublicKeyHash:string, CertificateDatabaseHash:string, Channel:string, ClientAddress:string, ClientIPAddress:string, CommandLine:string, CompatibleIds:string, Computer:string, Correlation:string, DeviceDescription:string, Disposition:string, DomainBehaviorVersion:string, DomainPolicyChanged:string, DomainSid:string, EAPType:string, ElevatedToken:string, ErrorCode:int, EventData:string, EventID:int, ExtendedQuarantineState:string, FailureReason:string, FileHash:string, FilePath:string, FilePathNoUser:string, Filter:string, ForceLogoff:string, Fqbn:string, GroupMembership:string, HardwareIds:string, HomeDirectory:string, HomePath:string, InterfaceUuid:string, IpAddress:string, IpPort:string, _IsBillable:string, KeyLength:int, Keywords:string, Level:string, LocationInformation:string, LockoutDuration:string, LockoutObservationWindow:string, LockoutThreshold:string, LoggingResult:string, LogonGuid:string, LogonHours:string, LogonID:string, LogonType:int, MachineAccountQuota:string, MachineInventory:string, MachineLogon:string, MandatoryLabel:string, MaxPasswordAge:string, MemberSid:string, MinPasswordAge:string, MinPasswordLength:string, MixedDomainMode:string, NASIdentifier:string, NASIPv4Address:string, NASIPv6Address:string, NASPort:string, NASPortType:string, NewDate:string, NewMaxUsers:string, NewRemark:string, NewShareFlags:string, NewTime:string, NewUacValue:string, NewValue:string, NewValueType:string, ObjectServer:string, ObjectType:string, OemInformation:string, OldMaxUsers:string, OldRemark:string, OldShareFlags:string, OldUacValue:string, OldValue:string, OldValueType:string, Opcode:string, OperationType:string, PasswordHistoryLength:string, PasswordLastSet:string, PasswordProperties:string, PreviousDate:string, PreviousTime:string, PrivateKeyUsageCount:string, PrivilegeList:string, Process:string, ProfilePath:string, Properties:string, ProtocolSequence:string, QuarantineHelpURL:string, QuarantineSessionID:string, QuarantineSessionIdentifier:string, QuarantineState:string, QuarantineSystemHealthResult:string, RemoteIpAddress:string, RemotePort:string, Requester:string, RestrictedAdminMode:string, RowsDeleted:string, ScriptPath:string, SecurityDescriptor:string, ServiceAccount:string, ServiceStartType:int, ServiceType:string, ShareLocalPath:string, SidHistory:string, SourceSystem:string, Status:string, StorageAccount:string, SubcategoryGuid:string, Subject:string, SubjectAccount:string, SubjectKeyIdentifier:string, SubjectMachineSID:string, SubjectUserSid:string, SubStatus:string, TargetAccount:string, TargetInfo:string, TargetLogonGuid:string, TargetSid:string, TargetUser:string, TargetUserSid:string, Task:int, TemplateContent:string, TemplateDSObjectFQDN:string, TemplateOID:string, TemplateSchemaVersion:string, TemplateVersion:string, TimeGenerated:datetime, TokenElevationType:string, TransmittedServices:string, Type:string, UserAccountControl:string, UserParameters:string, UserWorkstations:string, VendorIds:string, Version:int, VirtualAccount:string, Workstation:string, _TimeReceived:datetime"#,
    ),
    (
        r#"SecurityEvent | project EventID | extend x = EventID + 1, y = EventID * 1.5, z = EventID / 2, w = -EventID"#,
        r#"EventID:int, x:long, y:real, z:long, w:long"#,
    ),
    (
        r#"datatable(a:int, b:real, c:decimal)[1, 2.0, 3] | extend x = a + b, y = b + c, z = a * c, u = a % 2"#,
        r#"a:int, b:real, c:decimal, x:real, y:decimal, z:decimal, u:long"#,
    ),
    (
        r#"SecurityEvent | lookup kind=leftouter (SecurityEvent | summarize c = count() by Computer) on Computer | project Computer, c"#,
        r#"Computer:string, c:long"#,
    ),
    (
        r#"let R = datatable (TypeCode:string, TypeName:string) []; SecurityEvent | project A = Account | lookup R on $left.A == $right.TypeCode"#,
        r#"A:string, TypeName:string"#,
    ),
    (
        r#"let R = datatable (TypeCode:string, TypeName:string) []; SecurityEvent | project A = Account | join R on $left.A == $right.TypeCode"#,
        r#"A:string, TypeCode:string, TypeName:string"#,
    ),
    (
        r#"SecurityEvent | extend EventCount = int(1), Other = 1 | project EventCount, Other"#,
        r#"EventCount:int, Other:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | join kind=fullouter (SecurityEvent | project Computer, Account) on Computer, Account"#,
        r#"Computer:string, Account:string, Computer1:string, Account1:string"#,
    ),
    (
        r#"SecurityEvent | project Computer | extend a = iff(Computer == "x", 1, 0), b = case(Computer == "y", "a", "b"), c = coalesce(Computer, "z")"#,
        r#"Computer:string, a:long, b:string, c:string"#,
    ),
    (
        r#"SecurityEvent | project Computer | extend a = split(Computer, "."), b = array_length(split(Computer, ".")), c = parse_json('{}'), d = extract("(x)", 1, Computer)"#,
        r#"Computer:string, a:dynamic, b:long, c:dynamic, d:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, TimeGenerated | make-series n = count() default = 0 on TimeGenerated in range(ago(1d), now(), 1h) by Computer | extend (anomalies, score, baseline) = series_decompose_anomalies(n)"#,
        r#"Computer:string, n:dynamic, TimeGenerated:dynamic, anomalies:dynamic, score:dynamic, baseline:dynamic"#,
    ),
    (
        r#"SecurityEvent | project Computer, TimeGenerated | make-series n = count() on TimeGenerated step 1h | extend series_stats(n)"#,
        r#"n:dynamic, TimeGenerated:dynamic, series_stats_n_min:real, series_stats_n_min_idx:long, series_stats_n_max:real, series_stats_n_max_idx:long, series_stats_n_avg:real, series_stats_n_stdev:real, series_stats_n_variance:real"#,
    ),
    (
        r#"print 1, x=2, 3"#,
        r#"print_0:long, x:long, print_2:long"#,
    ),
    (
        r#"SecurityEvent | summarize count(), count(), sum(EventID), dcount(Computer), make_set(Account), avg(EventID), countif(EventID==1), arg_max(TimeGenerated, Computer, Account) by bin(TimeGenerated,1h), tolower(Computer)"#,
        r#"TimeGenerated:datetime, Column1:string, count_:long, count_1:long, sum_EventID:long, dcount_Computer:long, set_Account:dynamic, avg_EventID:real, countif_:long, TimeGenerated1:datetime, Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, TimeGenerated | summarize arg_max(TimeGenerated, *) by Computer"#,
        r#"Computer:string, TimeGenerated:datetime, Account:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, TimeGenerated | summarize x=arg_max(TimeGenerated, *)"#,
        r#"x:datetime, Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | summarize x=arg_max(TimeGenerated, Computer), (a,b)=arg_min(TimeGenerated, Account)"#,
        r#"x:datetime, Computer:string, a:datetime, b:string"#,
    ),
    (
        r#"SecurityEvent | summarize percentile(EventID, 95), percentiles(EventID, 5, 50)"#,
        r#"percentile_EventID_95:long, percentile_EventID_5:long, percentile_EventID_50:long"#,
    ),
    (
        r#"SigninLogs | extend x = parse_json(LocationDetails) | project x.city, tostring(x.state), x["abc"]"#,
        r#"x_city:dynamic, x_state:string, x_abc:dynamic"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | extend Account = 1"#,
        r#"Computer:string, Account:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, EventData | extend a = 1, tostring(EventData), Computer, b=1"#,
        r#"Computer:string, EventData:string, a:long, b:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, EventID | join kind=inner (SecurityEvent | project Computer, Activity, EventID) on Computer"#,
        r#"Computer:string, Account:string, EventID:int, Computer1:string, Activity:string, EventID1:int"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, EventID | join (SecurityEvent | project Comp=Computer, Activity, EventID) on $left.Computer == $right.Comp"#,
        r#"Computer:string, Account:string, EventID:int, Comp:string, Activity:string, EventID1:int"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | join kind=leftanti (SecurityEvent | project Computer, Activity) on Computer"#,
        r#"Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | join kind=rightsemi (SecurityEvent | project Computer, Activity) on Computer"#,
        r#"Computer:string, Activity:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, EventID | lookup (SecurityEvent | project Computer, Activity, EventID) on Computer"#,
        r#"Computer:string, Account:string, EventID:int, Activity:string, EventID1:int"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | union (SigninLogs | project Computer=AppId, Account=toint(1), X=1)"#,
        r#"Computer:string, Account_string:string, Account_int:int, X:long"#,
    ),
    (
        r#"union withsource=T (SecurityEvent | project Computer, Account), (SigninLogs | project Computer=1)"#,
        r#"T:string, Computer_string:string, Computer_long:long, Account:string"#,
    ),
    // Kusto.Language keeps a name unsuffixed once two columns of one type came first, and drops
    // the later columns of other types (checked with the oracle).
    (
        r#"union (print a=1), (print a=2), (print a="x")"#,
        r#"a:long"#,
    ),
    (
        r#"union (print a=1), (print a="x"), (print a=2)"#,
        r#"a_long:long, a_string:string"#,
    ),
    (
        r#"union (print a=1, a_string=3), (print a="x")"#,
        r#"a_long:long, a_string:string, a_string1:long"#,
    ),
    (
        r#"union kind=inner (SecurityEvent | project Computer, Account), (SigninLogs | project Computer=AppId)"#,
        r#"Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, P=todynamic(Account) | mv-expand P"#,
        r#"Computer:string, P:dynamic"#,
    ),
    (
        r#"SecurityEvent | project Computer, P=todynamic(Account) | mv-expand with_itemindex=I Q=P to typeof(long)"#,
        r#"Computer:string, P:dynamic, Q:long, I:long"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | parse Account with User "\\" Domain:long " " *"#,
        r#"Computer:string, Account:string, User:string, Domain:long"#,
    ),
    (
        r#"SecurityEvent | make-series count(), avg(EventID) default=0 on TimeGenerated from ago(1d) to now() step 1h by Computer"#,
        r#"Computer:string, count_:dynamic, avg_EventID:dynamic, TimeGenerated:dynamic"#,
    ),
    (
        r#"SecurityEvent | top-nested 3 of Computer by count()"#,
        r#"Computer:string, aggregated_Computer:long"#,
    ),
    (
        r#"SecurityEvent | top-nested 3 of Computer by count(), top-nested 2 of Account by x=max(EventID)"#,
        r#"Computer:string, aggregated_Computer:long, Account:string, x:int"#,
    ),
    (
        r#"SecurityEvent | getschema"#,
        r#"ColumnName:string, ColumnOrdinal:long, DataType:string, ColumnType:string"#,
    ),
    (r#"SecurityEvent | count"#, r#"Count:long"#),
    (
        r#"SecurityEvent | project Computer, P=todynamic(Account) | evaluate bag_unpack(P)"#,
        r#"Computer:string OPEN"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, EventID | project-reorder EventID, A* | project-rename Acc=Account"#,
        r#"EventID:int, Acc:string, Computer:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account, EventID | project-away Acc* | project-keep C*, EventID"#,
        r#"Computer:string, EventID:int"#,
    ),
    (
        r#"range x from 1 to 10 step 1 | extend y = x"#,
        r#"x:long, y:long"#,
    ),
    (r#"range x from ago(1d) to now() step 1h"#, r#"x:datetime"#),
    (
        r#"datatable(a:string, b:int)["x", 1] | extend c=b*2"#,
        r#"a:string, b:int, c:long"#,
    ),
    (
        r#"SecurityEvent | project Computer | mv-apply x = pack_array(1,2) to typeof(long) on (summarize s=sum(x))"#,
        r#"Computer:string, s:long"#,
    ),
    (
        r#"SecurityEvent | distinct Computer, Account"#,
        r#"Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | distinct *"#,
        r#"Computer:string, Account:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | as T | extend Account=1"#,
        r#"Computer:string, Account:long"#,
    ),
    (
        r#"print a = now() - ago(1d), b = now() + 1h, c = 1h * 2, d = 1h / 1h, e = 1 / 2, f = 1 + int(2), g= datetime(2020-01-01) - 1h, h= 2 * 1h, i=-1h, j= 1.0 + decimal(1), k=int(1)+int(2)"#,
        r#"a:timespan, b:datetime, c:timespan, d:real, e:long, f:long, g:datetime, h:timespan, i:timespan, j:decimal, k:long"#,
    ),
    (
        r#"print bin(1, 1.5), bin(1, 2), iff(true, 1, 2.0), iff(true, 1, long(2)), coalesce(1, 2.0), case(true, 1, 2.0), iff(true, "a", 1), iff(true, dynamic(1), dynamic(2))"#,
        r#"print_0:real, print_1:long, print_2:real, print_3:long, print_4:real, print_5:real, print_6:dynamic, print_7:dynamic"#,
    ),
    (
        r#"let T = SecurityEvent | where EventID == 4624 | project Computer, Account; T | summarize n = count() by Computer"#,
        r#"Computer:string, n:long"#,
    ),
    (
        r#"let f = (T:(Computer:string), n:long) { T | take n | extend k = n }; SecurityEvent | invoke f(3) | project Computer, k"#,
        r#"Computer:string, k:long"#,
    ),
    (r#"let f = (x:long) { x * 2 }; print y = f(2)"#, r#"y:long"#),
    (
        r#"SecurityEvent | project Computer | extend s = strcat(Computer, "x"), l = strlen(Computer), d = datetime_diff("day", now(), ago(1d))"#,
        r#"Computer:string, s:string, l:long, d:long"#,
    ),
    (
        r#"SecurityEvent | summarize by Computer | sort by Computer asc | take 10 | top 3 by Computer"#,
        r#"Computer:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, TimeGenerated | extend h = hourofday(TimeGenerated), t = format_datetime(TimeGenerated, "yyyy"), ts = now() - TimeGenerated"#,
        r#"Computer:string, TimeGenerated:datetime, h:int, t:string, ts:timespan"#,
    ),
    (
        r#"SigninLogs | project UserPrincipalName, Location | evaluate autocluster()"#,
        r#"SegmentId:long, Count:long, Percent:real, UserPrincipalName:string, Location:string"#,
    ),
    (
        r#"SecurityEvent | project Computer, Account | sample 10 | serialize n = row_number()"#,
        r#"Computer:string, Account:string, n:long"#,
    ),
    (
        r#"SecurityEvent | project TimeGenerated, Computer | summarize dcountif(Computer, Computer != ""), make_list(Computer, 10), take_any(Computer), min(TimeGenerated), stdev(1.0) by bin(TimeGenerated, 1d)"#,
        r#"TimeGenerated:datetime, dcountif_Computer:long, list_Computer:dynamic, Computer:string, min_TimeGenerated:datetime, stdev_:real"#,
    ),
    // join/lookup reserve every name before suffixing (`MakeColumnNamesUnique`); project-rename
    // declares its input columns; mv-apply keeps a column applied under a name; parse can leave
    // two columns of one name, which later projections tell apart.
    (
        r#"let T = datatable(k:string, a:string)[]; T | join (T | join T on k) on k"#,
        r#"k:string, a:string, k2:string, a2:string, k1:string, a1:string"#,
    ),
    (
        r#"let T = datatable(k:string, a:string)[]; let U = datatable(k:string, a:string, a1:string)[]; T | lookup U on k"#,
        r#"k:string, a:string, a2:string, a1:string"#,
    ),
    (
        r#"datatable(a:string, b:int, c:long)[] | project-rename c=a, a=b"#,
        r#"a:string, b:int, c:long"#,
    ),
    (
        r#"datatable(h:dynamic, k:string)[] | mv-apply h = h on (summarize c = make_list(h))"#,
        r#"h:dynamic, k:string, c:dynamic"#,
    ),
    (
        r#"datatable(h:dynamic, k:string)[] | mv-apply h on (extend k = 1)"#,
        r#"k:long, h:dynamic"#,
    ),
    (
        r#"datatable(h:dynamic, k:string)[] | mv-apply x = h on (project x, h)"#,
        r#"h:dynamic, k:string, x:dynamic"#,
    ),
    (
        r#"datatable(a:string, b:string)[] | parse b with * "x" a:string "y" c | extend d = 1"#,
        r#"a:string, b:string, a1:string, c:string, d:long"#,
    ),
    (
        r#"datatable(a:string, b:string)[] | parse b with * "x" a:string "y" c | project-reorder a*"#,
        r#"a:string, a1:string, b:string, a2:string, c:string"#,
    ),
    (
        r#"datatable(a:string, b:string)[] | parse b with * "x" a:string "y" c | summarize arg_max(b, *) by a"#,
        r#"a:string, b:string, a1:string, c:string"#,
    ),
    // Issue #10: an assignment in `distinct`; `join … where` (all columns of both sides).
    (
        r#"datatable(A:string,B:string)[] | distinct A, C = tolower(B), ["x y"] = strlen(A)"#,
        "A:string, C:string, x y:long",
    ),
    (
        r#"datatable(a:string,b:long)[] | join kind=inner (datatable(a:string,c:long)[]) where b > c"#,
        "a:string, b:long, a1:string, c:long",
    ),
    (
        r#"datatable(a:string,b:long)[] | join (datatable(a:string,c:long)[]) where $left.a has $right.a"#,
        "a:string, b:long, a1:string, c:long",
    ),
    (
        r#"datatable(a:string,b:long)[] | join kind=leftsemi (datatable(a:string,c:long)[]) where b > c"#,
        "a:string, b:long",
    ),
];

#[test]
fn operator_schemas_match_kusto() {
    let mut failures = Vec::new();
    for (q, expected) in ORACLE_CASES {
        let got = schema(q);
        if got != *expected {
            failures.push(format!("{q}\n  expected {expected}\n  got      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn messages(q: &str) -> Vec<String> {
    run(q)
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} | {}",
                d.code,
                d.message,
                d.help.clone().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn unknown_table_with_suggestion() {
    let m = messages("Securityevent | take 1");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].starts_with("SL601"), "{m:?}");
    assert!(m[0].contains("`SecurityEvent`"), "{m:?}");
    // Nothing is reported about the rows of an unknown table.
    assert_eq!(
        codes("NoSuchTable_CL | where Foo == 1 | project Bar"),
        vec!["SL601"]
    );
}

#[test]
fn unknown_column_with_case_hint_and_span() {
    let q = "SigninLogs | where userPrincipalName == 'a'";
    let a = run(q);
    assert_eq!(a.diagnostics.len(), 1);
    let d = &a.diagnostics[0];
    assert_eq!(d.code, "SL602");
    assert_eq!(&q[d.span.range()], "userPrincipalName");
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("`UserPrincipalName`")
    );
}

#[test]
fn columns_dropped_by_operators_are_unknown() {
    assert_eq!(
        codes("SigninLogs | summarize count() by UserPrincipalName | where ResultType != 0"),
        vec!["SL602"]
    );
    assert_eq!(
        codes("SigninLogs | project-away ResultType | where ResultType != 0"),
        vec!["SL602"]
    );
    assert!(codes("SigninLogs | extend x = 1 | where x == 1 and ResultType != '0'").is_empty());
    // `find … project` names a column none of the tables has.
    assert_eq!(
        codes(
            "find in (SigninLogs, AuditLogs) where OperationName == 'x' project OperationName, Timestamp"
        ),
        vec!["SL602"]
    );
}

#[test]
fn unknown_function_and_arity() {
    assert_eq!(
        codes("SecurityEvent | extend h = tolowercase(Computer)"),
        vec!["SL603"]
    );
    assert_eq!(
        codes("SecurityEvent | extend d = datetime_diff('day', TimeGenerated)"),
        vec!["SL604"]
    );
    assert_eq!(codes("print strcat()"), vec!["SL604"]);
}

#[test]
fn type_errors() {
    assert_eq!(
        codes("SigninLogs | where TimeGenerated > '2021-01-01'"),
        vec!["SL605"]
    );
    assert_eq!(codes("SecurityEvent | where EventID > '1'"), vec!["SL605"]);
    assert!(codes("SecurityEvent | where EventID == '4624'").is_empty());
    assert_eq!(
        codes("SecurityEvent | summarize sum(Computer)"),
        vec!["SL606"]
    );
    assert_eq!(
        codes("SecurityEvent | summarize max(todynamic(Computer))"),
        vec!["SL606"]
    );
    assert!(
        codes("SecurityEvent | summarize sum(EventID), avg(EventID), max(Computer)").is_empty()
    );
}

#[test]
fn open_schemas_report_nothing() {
    for q in [
        "SecurityEvent | project P = todynamic(Account) | evaluate bag_unpack(P) | where anything == 1",
        "_GetWatchlist('x') | where AnyColumn == 1 | project SearchKey, Other",
        "SecurityEvent | evaluate pivot(Computer) | project whatever",
        "let T = (U:(*)) { U | where c == 1 }; print 1",
        "union isfuzzy=true SecurityEvent, MissingTable_CL | take 1",
    ] {
        let c = codes(q);
        assert!(c.iter().all(|c| *c != "SL602"), "{q}: {c:?}");
    }
    assert!(run("_GetWatchlist('x')").schema().unwrap().open);
}

#[test]
fn tables_and_functions_in_first_use_order() {
    let a = run(
        "let x = SigninLogs | take 1; union AuditLogs, x, SigninLogs | join (imDns) on TimeGenerated",
    );
    assert_eq!(a.tables, vec!["SigninLogs", "AuditLogs"]);
    assert_eq!(a.functions, vec!["imDns"]);
}

#[test]
fn asim_function_columns() {
    let s = schema("imDns(starttime=ago(1d)) | project DnsQuery, SrcIpAddr, EventCount");
    assert_eq!(s, "DnsQuery:string, SrcIpAddr:string, EventCount:int");
    let s = schema("_Im_Authentication | summarize count() by TargetUsername");
    assert_eq!(s, "TargetUsername:string, count_:long");
}

#[test]
fn scalar_output() {
    assert_eq!(schema("let x = 1; x + 1.5"), "scalar real");
    assert_eq!(schema("let x = 1;"), "none");
}

#[test]
fn never_panics_on_prefixes() {
    let q = "let T = SecurityEvent | where TimeGenerated > ago(1d) | summarize c = count(), arg_max(TimeGenerated, *) by Computer, bin(TimeGenerated, 1h); T | join kind=leftouter (SigninLogs | mv-expand x = todynamic(Status) | parse UserAgent with a '/' b:long) on $left.Computer == $right.UserPrincipalName | make-series n = count() on TimeGenerated step 1h by Computer | extend (s, i) = series_stats(n)";
    for end in 0..=q.len() {
        if q.is_char_boundary(end) {
            let _ = run(&q[..end]);
        }
    }
}

/// A join-where predicate sees the columns of both sides; other names are unknown (KS142).
#[test]
fn join_where_names() {
    let q = "datatable(a:string,b:long)[] | join kind=inner (datatable(a:string,c:long)[]) where";
    assert!(codes(&format!("{q} b > c")).is_empty());
    assert_eq!(codes(&format!("{q} zz > c")), vec!["SL602"]);
    assert_eq!(codes(&format!("{q} b > c and a1 == ''")), vec!["SL602"]);
}
