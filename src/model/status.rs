//! The closed vocabularies: party status codes and directions, matched case-insensitively, plus a
//! table of plain-language explanations for the reasons we know. Unknown values stay open strings.

use serde::Serialize;

/// A party's state. `Other` keeps codes this build does not know (the raw text is stored beside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum StatusCode {
    Setup,
    Proceeding,
    Answered,
    Hold,
    Parked,
    VoiceMail,
    VoiceMailScreening,
    FaxReceive,
    Tds,
    Disconnected,
    Gone,
    Other,
}

impl StatusCode {
    /// Matches the spec spelling case-insensitively, plus the variants seen in SDKs and docs
    /// (`Voicemail`, `VMScreening`).
    pub fn parse(raw: &str) -> Self {
        const TABLE: &[(&str, StatusCode)] = &[
            ("setup", StatusCode::Setup),
            ("proceeding", StatusCode::Proceeding),
            ("answered", StatusCode::Answered),
            ("hold", StatusCode::Hold),
            ("parked", StatusCode::Parked),
            ("voicemail", StatusCode::VoiceMail),
            ("voicemailscreening", StatusCode::VoiceMailScreening),
            ("vmscreening", StatusCode::VoiceMailScreening),
            ("faxreceive", StatusCode::FaxReceive),
            ("tds", StatusCode::Tds),
            ("disconnected", StatusCode::Disconnected),
            ("gone", StatusCode::Gone),
        ];
        TABLE
            .iter()
            .find(|(name, _)| raw.eq_ignore_ascii_case(name))
            .map_or(StatusCode::Other, |(_, code)| *code)
    }

    /// The spec spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusCode::Setup => "Setup",
            StatusCode::Proceeding => "Proceeding",
            StatusCode::Answered => "Answered",
            StatusCode::Hold => "Hold",
            StatusCode::Parked => "Parked",
            StatusCode::VoiceMail => "VoiceMail",
            StatusCode::VoiceMailScreening => "VoiceMailScreening",
            StatusCode::FaxReceive => "FaxReceive",
            StatusCode::Tds => "Tds",
            StatusCode::Disconnected => "Disconnected",
            StatusCode::Gone => "Gone",
            StatusCode::Other => "Other",
        }
    }

    /// The party has left its session (for good, or moved to another one).
    pub fn is_final(self) -> bool {
        matches!(self, StatusCode::Disconnected | StatusCode::Gone)
    }

    /// Ringing, from the caller's or the callee's side.
    pub fn is_ringing(self) -> bool {
        matches!(self, StatusCode::Setup | StatusCode::Proceeding)
    }
}

/// Technical direction of a party's leg, as the platform reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Direction {
    Inbound,
    Outbound,
    Unknown,
}

impl Direction {
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some(r) if r.eq_ignore_ascii_case("inbound") => Direction::Inbound,
            Some(r) if r.eq_ignore_ascii_case("outbound") => Direction::Outbound,
            _ => Direction::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
            Direction::Unknown => "Unknown",
        }
    }
}

/// What a reason means, in words a support trainee knows. `None` for reasons nobody has
/// described publicly; the UI then says so.
pub fn reason_explanation(reason: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        (
            "AttendedTransfer",
            "an attended (warm) transfer was completed: this leg was handed over to another session",
        ),
        (
            "BlindTransfer",
            "the call was transferred without consultation; it goes on with a new party",
        ),
        (
            "Conference",
            "this leg was merged into a conference bridge session",
        ),
        (
            "Supervising",
            "a supervisor is listening to, whispering into or barging into the call",
        ),
        ("TakeOver", "a supervisor took the call over"),
        (
            "Pickup",
            "someone else picked the call up; the call goes on with them",
        ),
        ("CallPark", "the call was parked on a park extension"),
        ("ParkLocation", "the call was parked at a park location"),
        (
            "CallSwitch",
            "the call moved to another device or app of the same user; it goes on",
        ),
        (
            "CallFlip",
            "the call was flipped to another of the user's numbers; it goes on",
        ),
        (
            "AgentAnswered",
            "another agent of the call queue answered first",
        ),
        ("AgentDropped", "the queue agent dropped out of the call"),
        (
            "CallerInputRedirect",
            "the caller chose a destination in an auto-attendant",
        ),
        ("DtmfTransfer", "the call was transferred with keypad tones"),
        (
            "RccTransfer",
            "the call was transferred by a RingCentral call controller",
        ),
        ("Rejected", "the call was rejected"),
        ("Cancelled", "the caller gave up before anyone answered"),
        ("Timeout", "nobody answered in time"),
        ("NoAnswer", "nobody answered"),
        ("TargetBusy", "the called number was busy"),
        ("InvalidNumber", "the number dialled is not valid"),
        (
            "InternationalDisabled",
            "international calls are not allowed for this user",
        ),
        ("DestinationBlocked", "the destination is blocked"),
        ("NotEnoughFunds", "the account has not enough funds"),
        ("NoSuchUser", "the number dialled belongs to no user"),
        ("CallRedirected", "the call was redirected elsewhere"),
        (
            "CallReplied",
            "the user replied with a message instead of answering",
        ),
        ("CallFinished", "the call finished normally"),
        ("CallDropped", "the call was dropped"),
        ("InternalError", "the platform reported an internal error"),
        ("Voicemail", "the call went to voicemail"),
    ];
    TABLE
        .iter()
        .find(|(name, _)| reason.eq_ignore_ascii_case(name))
        .map(|(_, text)| *text)
}

/// The reasons the engine reasons about, matched case-insensitively (`Other` keeps the rest;
/// the text is stored beside it). Parsed once per distinct reason, not at every use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// No reason given.
    #[default]
    None,
    AttendedTransfer,
    BlindTransfer,
    DtmfTransfer,
    RccTransfer,
    Conference,
    Supervising,
    TakeOver,
    CallPark,
    ParkLocation,
    Pickup,
    AgentAnswered,
    CallSwitch,
    CallFlip,
    CallRedirected,
    CallerInputRedirect,
    Cancelled,
    Other,
}

impl Reason {
    const TABLE: &[(&str, Reason)] = &[
        ("AttendedTransfer", Reason::AttendedTransfer),
        ("BlindTransfer", Reason::BlindTransfer),
        ("DtmfTransfer", Reason::DtmfTransfer),
        ("RccTransfer", Reason::RccTransfer),
        ("Conference", Reason::Conference),
        ("Supervising", Reason::Supervising),
        ("TakeOver", Reason::TakeOver),
        ("CallPark", Reason::CallPark),
        ("ParkLocation", Reason::ParkLocation),
        ("Pickup", Reason::Pickup),
        ("AgentAnswered", Reason::AgentAnswered),
        ("CallSwitch", Reason::CallSwitch),
        ("CallFlip", Reason::CallFlip),
        ("CallRedirected", Reason::CallRedirected),
        ("CallerInputRedirect", Reason::CallerInputRedirect),
        ("Cancelled", Reason::Cancelled),
    ];

    pub fn parse(raw: Option<&str>) -> Self {
        let Some(raw) = raw else {
            return Reason::None;
        };
        Self::TABLE
            .iter()
            .find(|(name, _)| raw.eq_ignore_ascii_case(name))
            .map_or(Reason::Other, |(_, r)| *r)
    }

    /// The spec spelling (`None` for no reason and for reasons this build does not know).
    pub fn as_str(self) -> Option<&'static str> {
        Self::TABLE
            .iter()
            .find(|(_, r)| *r == self)
            .map(|(name, _)| *name)
    }

    /// A transfer (badge `transfer`).
    pub fn is_transfer(self) -> bool {
        matches!(
            self,
            Reason::AttendedTransfer | Reason::BlindTransfer | Reason::DtmfTransfer
        )
    }

    /// Supervision (badge `supervise`).
    pub fn is_supervise(self) -> bool {
        matches!(self, Reason::Supervising | Reason::TakeOver)
    }

    /// Parking (badge `park`).
    pub fn is_park(self) -> bool {
        matches!(self, Reason::CallPark | Reason::ParkLocation)
    }

    /// A party that leaves `Disconnected` with this reason hands the call to the next party to
    /// appear in its session (the link is inferred: the platform gives no `peerId`).
    pub fn hands_over_to_next(self) -> bool {
        matches!(
            self,
            Reason::BlindTransfer
                | Reason::CallSwitch
                | Reason::CallFlip
                | Reason::CallRedirected
                | Reason::DtmfTransfer
                | Reason::RccTransfer
                | Reason::CallerInputRedirect
                | Reason::Pickup
                | Reason::AgentAnswered
        )
    }
}

/// Whether a party that ends with this reason ends the call for everyone. Reasons that hand the
/// call over (transfer, pickup, switch, flip, park, conference, supervise) do not.
pub fn reason_is_call_end(reason: Option<&str>) -> bool {
    const GOES_ON: &[&str] = &[
        "AttendedTransfer",
        "BlindTransfer",
        "Conference",
        "Supervising",
        "TakeOver",
        "Pickup",
        "CallPark",
        "ParkLocation",
        "CallSwitch",
        "CallFlip",
        "AgentAnswered",
        "CallerInputRedirect",
        "DtmfTransfer",
        "RccTransfer",
        "CallRedirected",
    ];
    match reason {
        None => true,
        Some(r) => !GOES_ON.iter().any(|g| r.eq_ignore_ascii_case(g)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_case_insensitively_and_keep_unknowns_open() {
        assert_eq!(StatusCode::parse("VoiceMail"), StatusCode::VoiceMail);
        assert_eq!(StatusCode::parse("Voicemail"), StatusCode::VoiceMail);
        assert_eq!(
            StatusCode::parse("VMScreening"),
            StatusCode::VoiceMailScreening
        );
        assert_eq!(StatusCode::parse("gone"), StatusCode::Gone);
        assert_eq!(StatusCode::parse("Teleporting"), StatusCode::Other);
    }

    #[test]
    fn reasons_match_case_insensitively_and_keep_unknowns_open() {
        assert_eq!(Reason::parse(Some("pickup")), Reason::Pickup);
        assert_eq!(Reason::parse(Some("AgentAnswered")), Reason::AgentAnswered);
        assert_eq!(Reason::parse(Some("Teleported")), Reason::Other);
        assert_eq!(Reason::parse(None), Reason::None);
        assert_eq!(Reason::Pickup.as_str(), Some("Pickup"));
        assert_eq!(Reason::Other.as_str(), None);
        for (name, r) in Reason::TABLE {
            assert_eq!(Reason::parse(Some(&name.to_uppercase())), *r);
            assert_eq!(r.as_str(), Some(*name));
        }
    }

    #[test]
    fn hand_over_reasons_are_not_the_end_of_a_call() {
        assert!(!reason_is_call_end(Some("CallSwitch")));
        assert!(!reason_is_call_end(Some("pickup")));
        assert!(reason_is_call_end(None));
        assert!(reason_is_call_end(Some("Cancelled")));
        assert!(reason_explanation("Undefined").is_none());
    }
}
