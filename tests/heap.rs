//! What reading holds on the heap, measured by a counting allocator: a test binary of its own,
//! with one test, so that no other test's allocations are counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the layout is passed on as given.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most the heap grew, above where it stood, while `f` ran.
fn peak_growth<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - before)
}

/// A heavy user's Garmin index (9.3 MB for 3,000 activities): activities of some eighty members, objects and lists among
/// them, as Garmin writes them.
fn garmin_index(activities: u64) -> String {
    let list: Vec<String> = (0..activities)
        .map(|i| {
            let splits: String = (0..12)
                .map(|k| format!(r#"{{"noOfSplits":{k},"totalAscent":34.0,"duration":365.1,"splitType":"INTERVAL_ACTIVE","averageSpeed":2.751,"distance":1004.3,"maxSpeed":3.9}},"#))
                .collect();
            let zones: String = (1..=5).map(|z| format!(r#""hrTimeInZone_{z}":{z}00.5,"powerTimeInZone_{z}":{z}0.0,"#)).collect();
            format!(
                r#"{{"activityId":{},"uuidMsb":-4242,"uuidLsb":-9191,"name":"Morning Run","activityType":"running","userProfileId":9182736,"timeZoneId":124,"beginTimestamp":{start},"eventTypeId":4,"rule":"subscribers","sportType":"RUNNING","startTimeGmt":{start}.0,"startTimeLocal":{start}.0,"duration":3650123.04,"distance":1004320.0,"elevationGain":3400.0,"elevationLoss":3300.0,"avgHr":141.0,"maxHr":171.0,"minHr":88.0,"calories":2987.5,"bmrCalories":101.2,"avgSpeed":0.2751,"maxSpeed":0.4012,"avgRunCadence":84.5,"maxRunCadence":95.0,"steps":9876,"startLongitude":21.012,"startLatitude":52.229,"endLongitude":21.013,"endLatitude":52.228,"deviceId":3391234567,"manufacturer":"GARMIN","lapCount":10,"waterEstimated":912.0,"trainingEffectLabel":"AEROBIC_BASE","aerobicTrainingEffect":3.1,"anaerobicTrainingEffect":0.4,"activityTrainingLoad":88.4,"minTemperature":18.0,"maxTemperature":27.0,{zones}"splitSummaries":[{splits}{{"noOfSplits":1}}],"summarizedExerciseSets":[],"favorite":false,"pr":false,"parent":false,"purposeful":false,"manualActivity":false,"autoCalcCalories":false,"elevationCorrected":false,"atpActivity":false,"vO2MaxValue":52.0,"moderateIntensityMinutes":20,"vigorousIntensityMinutes":35}}"#,
                18_500_000_000 + i,
                start = 1_600_000_000_000 + i * 86_400_000,
            )
        })
        .collect();
    format!(r#"[{{"summarizedActivitiesExport":[{}]}}]"#, list.join(","))
}

#[test]
fn a_garmin_index_is_read_holding_its_entries_not_a_tree_of_it() {
    let json = garmin_index(3_000);
    assert!(json.len() > 9_000_000, "{} bytes", json.len());
    let (index, grew) = peak_growth(|| grayzone::ingest::index::read_garmin_json(json.as_bytes()));
    let index = index.expect("the index reads");
    assert_eq!(index.entries.len(), 3_000);
    assert_eq!(
        index.entries[2_999].start_time,
        Some(1_600_000_000.0 + 2_999.0 * 86_400.0)
    );
    // 3,000 entries: 1.1 MB, an eighth of the file. A tree of its values (serde_json's `Value`)
    // grew 49 MB, 5.3 times the file.
    assert!(
        grew < json.len() / 5,
        "the heap grew {grew} bytes reading {} bytes",
        json.len()
    );
}
