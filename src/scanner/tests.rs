//! Table-driven tests of [`super::analyse`] and [`super::scan`], and property tests of the splitter.
