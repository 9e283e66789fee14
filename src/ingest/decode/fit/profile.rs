//! The slice of the Garmin FIT profile grayzone needs: message and field numbers, base types, and
//! the enum names (sport, sub-sport, manufacturer, file type) taken from the profile so that
//! `sport_raw` and `device` use the words every other FIT tool prints.

/// Global message numbers.
pub(super) mod mesg {
    pub const FILE_ID: u16 = 0;
    pub const SPORT: u16 = 12;
    pub const SESSION: u16 = 18;
    pub const LAP: u16 = 19;
    pub const RECORD: u16 = 20;
    pub const EVENT: u16 = 21;
    pub const ACTIVITY: u16 = 34;
    pub const HR: u16 = 132;
}

/// Per message, the field numbers we read; a field's position in the list is its slot in
/// `Definition::fields`. Slot 0 is always field 253, the timestamp, so that compressed timestamps
/// can follow the last full one whatever the message.
pub(super) const MAX_SLOTS: usize = 12;
pub(super) const TIMESTAMP_SLOT: usize = 0;

/// `hr`: heart beats a chest strap stored apart from the records (HRM-Pro, HRM-Swim), which the
/// SDK merges into the records by time. An anchor message has a timestamp, its fraction, and
/// one full 32-bit `event_timestamp` (1/1024 s); the others pack 8 beat times as 12-bit deltas
/// (`event_timestamp_12`) with their `filtered_bpm`.
pub(super) mod hr {
    pub const FIELDS: &[u8] = &[253, 0, 1, 6, 9, 10];
    pub const FRACTIONAL_TIMESTAMP: usize = 1;
    pub const TIME256: usize = 2;
    pub const FILTERED_BPM: usize = 3;
    pub const EVENT_TIMESTAMP: usize = 4;
    pub const EVENT_TIMESTAMP_12: usize = 5;
}

pub(super) mod file_id {
    pub const FIELDS: &[u8] = &[253, 0, 1, 2, 8];
    pub const TYPE: usize = 1;
    pub const MANUFACTURER: usize = 2;
    pub const PRODUCT: usize = 3;
    pub const PRODUCT_NAME: usize = 4;
}

pub(super) mod record {
    pub const FIELDS: &[u8] = &[253, 0, 1, 2, 78, 3, 4, 5, 6, 73, 7, 8];
    pub const LAT: usize = 1;
    pub const LONG: usize = 2;
    pub const ALTITUDE: usize = 3;
    pub const ENHANCED_ALTITUDE: usize = 4;
    pub const HEART_RATE: usize = 5;
    pub const CADENCE: usize = 6;
    pub const DISTANCE: usize = 7;
    pub const SPEED: usize = 8;
    pub const ENHANCED_SPEED: usize = 9;
    pub const POWER: usize = 10;
    pub const COMPRESSED_SPEED_DISTANCE: usize = 11;
}

pub(super) mod session {
    pub const FIELDS: &[u8] = &[253, 2, 5, 6, 7, 8, 9, 16, 17, 22];
    pub const START_TIME: usize = 1;
    pub const SPORT: usize = 2;
    pub const SUB_SPORT: usize = 3;
    pub const TOTAL_ELAPSED_TIME: usize = 4;
    pub const TOTAL_TIMER_TIME: usize = 5;
    pub const TOTAL_DISTANCE: usize = 6;
    pub const AVG_HEART_RATE: usize = 7;
    pub const MAX_HEART_RATE: usize = 8;
    pub const TOTAL_ASCENT: usize = 9;
}

pub(super) mod lap {
    pub const FIELDS: &[u8] = &[253, 2];
    pub const START_TIME: usize = 1;
}

pub(super) mod event {
    pub const FIELDS: &[u8] = &[253, 0, 1];
    pub const EVENT: usize = 1;
    pub const EVENT_TYPE: usize = 2;
    /// `event` value of the timer (start / stop) events.
    pub const TIMER: u8 = 0;
}

pub(super) mod activity {
    pub const FIELDS: &[u8] = &[253, 5];
    pub const LOCAL_TIMESTAMP: usize = 1;
}

pub(super) mod sport {
    pub const FIELDS: &[u8] = &[253, 0, 1];
    pub const SPORT: usize = 1;
    pub const SUB_SPORT: usize = 2;
}

const ONLY_TIMESTAMP: &[u8] = &[253];

/// The slot a field of a message is read into, or `None` when we do not use it.
pub(super) fn slot_of(global: u16, field: u8) -> Option<usize> {
    let fields = match global {
        mesg::FILE_ID => file_id::FIELDS,
        mesg::RECORD => record::FIELDS,
        mesg::SESSION => session::FIELDS,
        mesg::LAP => lap::FIELDS,
        mesg::EVENT => event::FIELDS,
        mesg::ACTIVITY => activity::FIELDS,
        mesg::SPORT => sport::FIELDS,
        mesg::HR => hr::FIELDS,
        _ => ONLY_TIMESTAMP,
    };
    fields.iter().position(|&f| f == field)
}

/// What a base type's bytes mean, which decides its "invalid" marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Invalid is all ones (enum, uintN, byte).
    Unsigned,
    /// Invalid is the largest positive value.
    Signed,
    /// Invalid is zero (uintNz).
    UnsignedZ,
    /// Invalid is any non-finite value (the profile's all-ones pattern is a NaN).
    Float,
    /// NUL-terminated text; invalid when empty.
    Text,
}

/// Size in bytes and kind of a FIT base type (the low 5 bits of the definition's base-type byte;
/// the top bit only says whether the type has an endianness). Unknown types read as bytes, as
/// the SDK does.
pub(super) fn base_type(code: u8) -> (u8, Kind) {
    match code & 0x1F {
        0 | 2 | 13 => (1, Kind::Unsigned),
        1 => (1, Kind::Signed),
        3 => (2, Kind::Signed),
        4 => (2, Kind::Unsigned),
        5 => (4, Kind::Signed),
        6 => (4, Kind::Unsigned),
        7 => (1, Kind::Text),
        8 => (4, Kind::Float),
        9 => (8, Kind::Float),
        10 => (1, Kind::UnsignedZ),
        11 => (2, Kind::UnsignedZ),
        12 => (4, Kind::UnsignedZ),
        14 => (8, Kind::Signed),
        15 => (8, Kind::Unsigned),
        16 => (8, Kind::UnsignedZ),
        _ => (1, Kind::Unsigned),
    }
}

fn lookup<K: Ord + Copy>(table: &[(K, &'static str)], key: K) -> Option<&'static str> {
    table
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .and_then(|i| table.get(i))
        .map(|&(_, name)| name)
}

/// Profile name of a sport (`running`), or `sport_N` for numbers the profile does not know.
pub(super) fn sport_name(sport: u8) -> String {
    lookup(&SPORT_NAMES, sport).map_or_else(|| format!("sport_{sport}"), str::to_owned)
}

/// Profile name of a sub-sport (`treadmill`), or `sub_sport_N`.
pub(super) fn sub_sport_name(sub_sport: u8) -> String {
    lookup(&SUB_SPORT_NAMES, sub_sport)
        .map_or_else(|| format!("sub_sport_{sub_sport}"), str::to_owned)
}

/// Readable manufacturer name, or the number when the profile does not know it.
pub(super) fn manufacturer_name(id: u16) -> String {
    match lookup(&MANUFACTURER_NAMES, id) {
        Some("wahoo_fitness") => "wahoo".to_owned(),
        Some("sigmasport") => "sigma".to_owned(),
        Some(name) => name.to_owned(),
        None => id.to_string(),
    }
}

/// Profile name of a FIT file type (`settings`), or `type N`.
pub(super) fn file_type_name(file_type: u8) -> String {
    lookup(&FILE_TYPE_NAMES, file_type).map_or_else(|| format!("type {file_type}"), str::to_owned)
}

/// `file_id.type` of an activity file.
pub(super) const FILE_TYPE_ACTIVITY: u8 = 4;

// Tables below are generated from the FIT profile (as shipped in fitparser 0.11), sorted by key.

pub(super) const SPORT_NAMES: [(u8, &str); 82] = [
    (0, "generic"),
    (1, "running"),
    (2, "cycling"),
    (3, "transition"),
    (4, "fitness_equipment"),
    (5, "swimming"),
    (6, "basketball"),
    (7, "soccer"),
    (8, "tennis"),
    (9, "american_football"),
    (10, "training"),
    (11, "walking"),
    (12, "cross_country_skiing"),
    (13, "alpine_skiing"),
    (14, "snowboarding"),
    (15, "rowing"),
    (16, "mountaineering"),
    (17, "hiking"),
    (18, "multisport"),
    (19, "paddling"),
    (20, "flying"),
    (21, "e_biking"),
    (22, "motorcycling"),
    (23, "boating"),
    (24, "driving"),
    (25, "golf"),
    (26, "hang_gliding"),
    (27, "horseback_riding"),
    (28, "hunting"),
    (29, "fishing"),
    (30, "inline_skating"),
    (31, "rock_climbing"),
    (32, "sailing"),
    (33, "ice_skating"),
    (34, "sky_diving"),
    (35, "snowshoeing"),
    (36, "snowmobiling"),
    (37, "stand_up_paddleboarding"),
    (38, "surfing"),
    (39, "wakeboarding"),
    (40, "water_skiing"),
    (41, "kayaking"),
    (42, "rafting"),
    (43, "windsurfing"),
    (44, "kitesurfing"),
    (45, "tactical"),
    (46, "jumpmaster"),
    (47, "boxing"),
    (48, "floor_climbing"),
    (49, "baseball"),
    (53, "diving"),
    (56, "shooting"),
    (58, "winter_sport"),
    (59, "grinding"),
    (62, "hiit"),
    (63, "video_gaming"),
    (64, "racket"),
    (65, "wheelchair_push_walk"),
    (66, "wheelchair_push_run"),
    (67, "meditation"),
    (68, "para_sport"),
    (69, "disc_golf"),
    (70, "team_sport"),
    (71, "cricket"),
    (72, "rugby"),
    (73, "hockey"),
    (74, "lacrosse"),
    (75, "volleyball"),
    (76, "water_tubing"),
    (77, "wakesurfing"),
    (78, "water_sport"),
    (79, "archery"),
    (80, "mixed_martial_arts"),
    (81, "motor_sports"),
    (82, "snorkeling"),
    (83, "dance"),
    (84, "jump_rope"),
    (85, "pool_apnea"),
    (86, "mobility"),
    (87, "geocaching"),
    (88, "canoeing"),
    (254, "all"),
];

pub(super) const SUB_SPORT_NAMES: [(u8, &str); 112] = [
    (0, "generic"),
    (1, "treadmill"),
    (2, "street"),
    (3, "trail"),
    (4, "track"),
    (5, "spin"),
    (6, "indoor_cycling"),
    (7, "road"),
    (8, "mountain"),
    (9, "downhill"),
    (10, "recumbent"),
    (11, "cyclocross"),
    (12, "hand_cycling"),
    (13, "track_cycling"),
    (14, "indoor_rowing"),
    (15, "elliptical"),
    (16, "stair_climbing"),
    (17, "lap_swimming"),
    (18, "open_water"),
    (19, "flexibility_training"),
    (20, "strength_training"),
    (21, "warm_up"),
    (22, "match"),
    (23, "exercise"),
    (24, "challenge"),
    (25, "indoor_skiing"),
    (26, "cardio_training"),
    (27, "indoor_walking"),
    (28, "e_bike_fitness"),
    (29, "bmx"),
    (30, "casual_walking"),
    (31, "speed_walking"),
    (32, "bike_to_run_transition"),
    (33, "run_to_bike_transition"),
    (34, "swim_to_bike_transition"),
    (35, "atv"),
    (36, "motocross"),
    (37, "backcountry"),
    (38, "resort"),
    (39, "rc_drone"),
    (40, "wingsuit"),
    (41, "whitewater"),
    (42, "skate_skiing"),
    (43, "yoga"),
    (44, "pilates"),
    (45, "indoor_running"),
    (46, "gravel_cycling"),
    (47, "e_bike_mountain"),
    (48, "commuting"),
    (49, "mixed_surface"),
    (50, "navigate"),
    (51, "track_me"),
    (52, "map"),
    (53, "single_gas_diving"),
    (54, "multi_gas_diving"),
    (55, "gauge_diving"),
    (56, "apnea_diving"),
    (57, "apnea_hunting"),
    (58, "virtual_activity"),
    (59, "obstacle"),
    (62, "breathing"),
    (63, "ccr_diving"),
    (65, "sail_race"),
    (66, "expedition"),
    (67, "ultra"),
    (68, "indoor_climbing"),
    (69, "bouldering"),
    (70, "hiit"),
    (71, "indoor_grinding"),
    (72, "hunting_with_dogs"),
    (73, "amrap"),
    (74, "emom"),
    (75, "tabata"),
    (77, "esport"),
    (78, "triathlon"),
    (79, "duathlon"),
    (80, "brick"),
    (81, "swim_run"),
    (82, "adventure_race"),
    (83, "trucker_workout"),
    (84, "pickleball"),
    (85, "padel"),
    (86, "indoor_wheelchair_walk"),
    (87, "indoor_wheelchair_run"),
    (88, "indoor_hand_cycling"),
    (90, "field"),
    (91, "ice"),
    (92, "ultimate"),
    (93, "platform"),
    (94, "squash"),
    (95, "badminton"),
    (96, "racquetball"),
    (97, "table_tennis"),
    (98, "overland"),
    (99, "trolling_motor"),
    (110, "fly_canopy"),
    (111, "fly_paraglide"),
    (112, "fly_paramotor"),
    (113, "fly_pressurized"),
    (114, "fly_navigate"),
    (115, "fly_timer"),
    (116, "fly_altimeter"),
    (117, "fly_wx"),
    (118, "fly_vfr"),
    (119, "fly_ifr"),
    (121, "dynamic_apnea"),
    (123, "enduro"),
    (124, "rucking"),
    (125, "rally"),
    (126, "pool_triathlon"),
    (127, "e_bike_enduro"),
    (254, "all"),
];

pub(super) const MANUFACTURER_NAMES: [(u16, &str); 243] = [
    (1, "garmin"),
    (2, "garmin_fr405_antfs"),
    (3, "zephyr"),
    (4, "dayton"),
    (5, "idt"),
    (6, "srm"),
    (7, "quarq"),
    (8, "ibike"),
    (9, "saris"),
    (10, "spark_hk"),
    (11, "tanita"),
    (12, "echowell"),
    (13, "dynastream_oem"),
    (14, "nautilus"),
    (15, "dynastream"),
    (16, "timex"),
    (17, "metrigear"),
    (18, "xelic"),
    (19, "beurer"),
    (20, "cardiosport"),
    (21, "a_and_d"),
    (22, "hmm"),
    (23, "suunto"),
    (24, "thita_elektronik"),
    (25, "gpulse"),
    (26, "clean_mobile"),
    (27, "pedal_brain"),
    (28, "peaksware"),
    (29, "saxonar"),
    (30, "lemond_fitness"),
    (31, "dexcom"),
    (32, "wahoo_fitness"),
    (33, "octane_fitness"),
    (34, "archinoetics"),
    (35, "the_hurt_box"),
    (36, "citizen_systems"),
    (37, "magellan"),
    (38, "osynce"),
    (39, "holux"),
    (40, "concept2"),
    (41, "shimano"),
    (42, "one_giant_leap"),
    (43, "ace_sensor"),
    (44, "brim_brothers"),
    (45, "xplova"),
    (46, "perception_digital"),
    (47, "bf1systems"),
    (48, "pioneer"),
    (49, "spantec"),
    (50, "metalogics"),
    (51, "4iiiis"),
    (52, "seiko_epson"),
    (53, "seiko_epson_oem"),
    (54, "ifor_powell"),
    (55, "maxwell_guider"),
    (56, "star_trac"),
    (57, "breakaway"),
    (58, "alatech_technology_ltd"),
    (59, "mio_technology_europe"),
    (60, "rotor"),
    (61, "geonaute"),
    (62, "id_bike"),
    (63, "specialized"),
    (64, "wtek"),
    (65, "physical_enterprises"),
    (66, "north_pole_engineering"),
    (67, "bkool"),
    (68, "cateye"),
    (69, "stages_cycling"),
    (70, "sigmasport"),
    (71, "tomtom"),
    (72, "peripedal"),
    (73, "wattbike"),
    (76, "moxy"),
    (77, "ciclosport"),
    (78, "powerbahn"),
    (79, "acorn_projects_aps"),
    (80, "lifebeam"),
    (81, "bontrager"),
    (82, "wellgo"),
    (83, "scosche"),
    (84, "magura"),
    (85, "woodway"),
    (86, "elite"),
    (87, "nielsen_kellerman"),
    (88, "dk_city"),
    (89, "tacx"),
    (90, "direction_technology"),
    (91, "magtonic"),
    (92, "1partcarbon"),
    (93, "inside_ride_technologies"),
    (94, "sound_of_motion"),
    (95, "stryd"),
    (96, "icg"),
    (97, "MiPulse"),
    (98, "bsx_athletics"),
    (99, "look"),
    (100, "campagnolo_srl"),
    (101, "body_bike_smart"),
    (102, "praxisworks"),
    (103, "limits_technology"),
    (104, "topaction_technology"),
    (105, "cosinuss"),
    (106, "fitcare"),
    (107, "magene"),
    (108, "giant_manufacturing_co"),
    (109, "tigrasport"),
    (110, "salutron"),
    (111, "technogym"),
    (112, "bryton_sensors"),
    (113, "latitude_limited"),
    (114, "soaring_technology"),
    (115, "igpsport"),
    (116, "thinkrider"),
    (117, "gopher_sport"),
    (118, "waterrower"),
    (119, "orangetheory"),
    (120, "inpeak"),
    (121, "kinetic"),
    (122, "johnson_health_tech"),
    (123, "polar_electro"),
    (124, "seesense"),
    (125, "nci_technology"),
    (126, "iqsquare"),
    (127, "leomo"),
    (128, "ifit_com"),
    (129, "coros_byte"),
    (130, "versa_design"),
    (131, "chileaf"),
    (132, "cycplus"),
    (133, "gravaa_byte"),
    (134, "sigeyi"),
    (135, "coospo"),
    (136, "geoid"),
    (137, "bosch"),
    (138, "kyto"),
    (139, "kinetic_sports"),
    (140, "decathlon_byte"),
    (141, "tq_systems"),
    (142, "tag_heuer"),
    (143, "keiser_fitness"),
    (144, "zwift_byte"),
    (145, "porsche_ep"),
    (146, "blackbird"),
    (147, "meilan_byte"),
    (148, "ezon"),
    (149, "laisi"),
    (150, "myzone"),
    (151, "abawo"),
    (152, "bafang"),
    (153, "luhong_technology"),
    (255, "development"),
    (257, "healthandlife"),
    (258, "lezyne"),
    (259, "scribe_labs"),
    (260, "zwift"),
    (261, "watteam"),
    (262, "recon"),
    (263, "favero_electronics"),
    (264, "dynovelo"),
    (265, "strava"),
    (266, "precor"),
    (267, "bryton"),
    (268, "sram"),
    (269, "navman"),
    (270, "cobi"),
    (271, "spivi"),
    (272, "mio_magellan"),
    (273, "evesports"),
    (274, "sensitivus_gauge"),
    (275, "podoon"),
    (276, "life_time_fitness"),
    (277, "falco_e_motors"),
    (278, "minoura"),
    (279, "cycliq"),
    (280, "luxottica"),
    (281, "trainer_road"),
    (282, "the_sufferfest"),
    (283, "fullspeedahead"),
    (284, "virtualtraining"),
    (285, "feedbacksports"),
    (286, "omata"),
    (287, "vdo"),
    (288, "magneticdays"),
    (289, "hammerhead"),
    (290, "kinetic_by_kurt"),
    (291, "shapelog"),
    (292, "dabuziduo"),
    (293, "jetblack"),
    (294, "coros"),
    (295, "virtugo"),
    (296, "velosense"),
    (297, "cycligentinc"),
    (298, "trailforks"),
    (299, "mahle_ebikemotion"),
    (300, "nurvv"),
    (301, "microprogram"),
    (302, "zone5cloud"),
    (303, "greenteg"),
    (304, "yamaha_motors"),
    (305, "whoop"),
    (306, "gravaa"),
    (307, "onelap"),
    (308, "monark_exercise"),
    (309, "form"),
    (310, "decathlon"),
    (311, "syncros"),
    (312, "heatup"),
    (313, "cannondale"),
    (314, "true_fitness"),
    (315, "RGT_cycling"),
    (316, "vasa"),
    (317, "race_republic"),
    (318, "fazua"),
    (319, "oreka_training"),
    (320, "lsec"),
    (321, "lululemon_studio"),
    (322, "shanyue"),
    (323, "spinning_mda"),
    (324, "hilldating"),
    (325, "aero_sensor"),
    (326, "nike"),
    (327, "magicshine"),
    (328, "ictrainer"),
    (329, "absolute_cycling"),
    (330, "eo_swimbetter"),
    (331, "mywhoosh"),
    (332, "ravemen"),
    (333, "tektro_racing_products"),
    (334, "darad_innovation_corporation"),
    (335, "cycloptim"),
    (337, "runna"),
    (339, "zepp"),
    (340, "peloton"),
    (341, "carv"),
    (342, "tissot"),
    (345, "real_velo"),
    (346, "wetech"),
    (347, "jespr"),
    (348, "huawei"),
    (349, "gotoes"),
    (350, "cadence_app"),
    (5759, "actigraphcorp"),
];

pub(super) const FILE_TYPE_NAMES: [(u8, &str); 20] = [
    (1, "device"),
    (2, "settings"),
    (3, "sport"),
    (4, "activity"),
    (5, "workout"),
    (6, "course"),
    (7, "schedules"),
    (9, "weight"),
    (10, "totals"),
    (11, "goals"),
    (14, "blood_pressure"),
    (15, "monitoring_a"),
    (20, "activity_summary"),
    (28, "monitoring_daily"),
    (32, "monitoring_b"),
    (34, "segment"),
    (35, "segment_list"),
    (40, "exd_configuration"),
    (247, "mfg_range_min"),
    (254, "mfg_range_max"),
];
