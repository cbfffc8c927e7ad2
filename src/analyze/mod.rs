//! Name binding, types and the output schema of every KQL operator.
