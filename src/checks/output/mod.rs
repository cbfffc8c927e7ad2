//! Rules that hold a rule's fields against its query: the columns the query outputs (entity
//! mappings, custom details, alert details), the tables it reads (data connectors), and how far
//! back it looks (query period).

pub mod lookback_exceeds_query_period;
