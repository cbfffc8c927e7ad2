//! Discovery, YAML loading with spans, the content models and the query offset map.
