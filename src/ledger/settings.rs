//! Desk-wide settings, such as the organisation named as author of published ClaimReviews.

use super::{Reader, Writer};
use crate::backend::EventRefs;
use crate::error::Result;
use crate::model::Action;

impl Reader<'_> {
    /// A desk-wide setting.
    pub fn setting(&self, name: &str) -> Result<Option<String>> {
        self.rows.setting(name)
    }
}

impl Writer<'_> {
    /// Sets a desk-wide setting.
    pub fn set_setting(&mut self, name: &str, value: &str) -> Result<()> {
        self.tx.put_setting(name, value)?;
        self.event(
            Action::Setting,
            EventRefs::default(),
            format!("set {name} to {value:?}"),
        )
    }
}
