//! Titles as runners write them, in the languages they write them in: what each says the run was
//! meant to be, and the look-alikes that must say nothing (Strava's and Garmin's default names,
//! "marathon pace" in a long run, "course à pied" which is French for running).

use grayzone::judge::intent::{Planned, WordList};

use Planned::*;

fn read(title: &str) -> Option<Planned> {
    WordList::builtin().read(title).map(|r| r.planned)
}

fn check(cases: &[(&str, Option<Planned>)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(title, want)| {
            let got = WordList::builtin().read(title);
            (got.as_ref().map(|g| g.planned) != want)
                .then(|| format!("{title:?}: {got:?}, want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_shipped_list_reads_whole() {
    let text = include_str!("../../src/judge/intent/words.csv");
    let (list, errors) = WordList::parse(text);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(list.len() > 400, "{} phrases", list.len());
    // A phrase listed twice must say the same thing both times.
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let mut cells = line.splitn(3, ',');
        let (Some(planned), Some(_), Some(phrase)) = (cells.next(), cells.next(), cells.next())
        else {
            continue;
        };
        let key = phrase.to_lowercase();
        if let Some(before) = seen.insert(key.clone(), planned.to_owned()) {
            assert_eq!(before, planned, "{key} is listed as {before} and {planned}");
        }
    }
    // Every language the README promises is in the list.
    for lang in [
        "en", "fr", "de", "es", "it", "nl", "pt", "sv", "no", "da", "fi",
    ] {
        assert!(
            text.lines().any(|l| l.split(',').nth(1) == Some(lang)),
            "no {lang} phrase"
        );
    }
}

#[test]
fn english_titles() {
    check(&[
        ("Recovery jog", Some(Recovery)),
        ("Recovery run, legs tired", Some(Recovery)),
        ("Very easy shakeout", Some(Recovery)),
        ("Easy w/ strides", Some(Easy)),
        ("Easy run + 6 strides", Some(Easy)),
        ("easy 8k", Some(Easy)),
        ("Z2 base", Some(Easy)),
        ("Jog with the dog", Some(Easy)),
        ("Long run", Some(Long)),
        ("Sunday Long Run 32k", Some(Long)),
        ("LSD 18 miles", Some(Long)),
        ("Long easy run by the river", Some(Long)),
        ("6x800", Some(Workout)),
        ("6x800m @ 5k pace, 90s jog", Some(Workout)),
        ("10 x 400m on the track", Some(Workout)),
        ("3×1mi @ T", Some(Workout)),
        ("5x1km", Some(Workout)),
        ("2x20' threshold", Some(Workout)),
        ("Tempo", Some(Workout)),
        ("Tempo run 8k", Some(Workout)),
        ("Intervals", Some(Workout)),
        ("Fartlek in the park", Some(Workout)),
        ("Hill repeats", Some(Workout)),
        ("Progression run", Some(Workout)),
        ("Track Tuesday: 400s", Some(Workout)),
        ("Yasso 800s", Some(Workout)),
        ("Long run with 10 miles at marathon pace", Some(Workout)),
        // A long run with a fast finish is the plan's workout, not an easy long run that got
        // away (season 39: "Long run fast finish" read as long, then an accidental workout).
        ("Long run fast finish", Some(Workout)),
        ("Long Fast Finish", Some(Workout)),
        ("16 mi, negative split", Some(Workout)),
        ("Parkrun", Some(Race)),
        ("Bushy parkrun #412", Some(Race)),
        ("10K race", Some(Race)),
        ("Berlin Marathon", Some(Race)),
        ("Half Marathon", Some(Race)),
        ("Turkey Trot 5K", Some(Race)),
        ("Race day!", Some(Race)),
        ("XC race, muddy", Some(Race)),
    ]);
}

#[test]
fn english_look_alikes_say_nothing_or_the_right_thing() {
    check(&[
        // Strava's and Garmin's default titles.
        ("Morning Run", None),
        ("Afternoon Run", None),
        ("Evening Run", None),
        ("Lunch Run", None),
        ("Night Run", None),
        ("London Running", None),
        ("Treadmill Running", None),
        ("Run", None),
        // Race words that name a pace, a plan or the day after.
        ("Marathon pace miles", Some(Workout)),
        ("Half marathon training", None),
        ("Marathon training week 12", None),
        ("Post-race recovery", Some(Recovery)),
        ("Marathon recovery jog", Some(Recovery)),
        ("Easy parkrun with my daughter", Some(Easy)),
        ("Pre-race shakeout", Some(Easy)),
        // Words inside other words, and ordinary English.
        ("Racecourse loop", None),
        ("Of course it rained", None),
        ("First half steady, second half tougher", None),
        ("Back on track after injury", None),
        ("Embankment and bridges", None),
        ("Longmont loop", None),
        ("1x5k", None),
        ("Run 2x this week", None),
        ("Trackside cafe run", None),
        ("Morning Workout", None),
        ("HIIT 20 x 0:30/0:15", Some(Workout)),
        // Handhelds' and apps' default track names.
        ("Track 1", None),
        ("Track 001", None),
        ("ACTIVE LOG 002", None),
        ("Current Track: 06 APR 2024 07:30", None),
        ("Track: 2 x 800", Some(Workout)),
    ]);
}

#[test]
fn french_titles() {
    check(&[
        ("Sortie récup", Some(Recovery)),
        ("Footing récup", Some(Recovery)),
        ("Récupération active", Some(Recovery)),
        ("Décrassage après le semi", Some(Recovery)),
        ("Footing", Some(Easy)),
        ("Footing léger 45'", Some(Easy)),
        ("EF + lignes droites", Some(Easy)),
        ("Endurance fondamentale", Some(Easy)),
        ("Sortie longue", Some(Long)),
        ("SL 25 km", Some(Long)),
        ("Fractionné 10x400", Some(Workout)),
        ("VMA 30/30", Some(Workout)),
        ("Seuil 3x10'", Some(Workout)),
        ("Allure spécifique marathon", Some(Workout)),
        ("Côtes", Some(Workout)),
        ("Course", Some(Race)),
        ("Course des Héros", Some(Race)),
        ("Semi-marathon de Paris", Some(Race)),
        ("Marathon de Paris", Some(Race)),
        ("Compétition", Some(Race)),
        ("Foulées de Vincennes", Some(Race)),
        // Strava's and Garmin's French titles: "course à pied" is running, not a race.
        ("Course à pied le matin", None),
        ("Course à pied dans l'après-midi", None),
        ("Paris - Course à pied", None),
        ("Course du soir", None),
        ("Course de récupération", Some(Recovery)),
        ("Préparation marathon", None),
    ]);
}

#[test]
fn german_titles() {
    check(&[
        ("Regenerationslauf", Some(Recovery)),
        ("Lockeres Auslaufen", Some(Recovery)),
        ("Lockerer Dauerlauf", Some(Easy)),
        ("Lockerer Lauf mit Steigerungen", Some(Easy)),
        ("GA1 60 min", Some(Easy)),
        ("Grundlagenlauf", Some(Easy)),
        ("Langer Lauf", Some(Long)),
        ("Langer ruhiger Dauerlauf 28 km", Some(Long)),
        ("Intervalle 5x1000", Some(Workout)),
        ("Intervalltraining auf der Bahn", Some(Workout)),
        ("Tempodauerlauf", Some(Workout)),
        ("TDL 10 km", Some(Workout)),
        ("Schwellenlauf", Some(Workout)),
        ("Fahrtspiel", Some(Workout)),
        ("Wettkampf", Some(Race)),
        ("Halbmarathon Berlin", Some(Race)),
        ("Silvesterlauf Trier", Some(Race)),
        ("Firmenlauf", Some(Race)),
        // Strava's German defaults, and a marathon that is a plan.
        ("Morgenlauf", None),
        ("Abendlauf", None),
        ("Nachmittagslauf", None),
        ("Lauf am Abend", None),
        ("Marathonvorbereitung Woche 3", None),
        ("Halbmarathon Vorbereitung", None),
        ("Lockeres Tempo am See", Some(Easy)),
    ]);
}

#[test]
fn spanish_and_italian_titles() {
    check(&[
        ("Rodaje suave", Some(Easy)),
        ("Rodaje regenerativo", Some(Recovery)),
        ("Trote de recuperación", Some(Recovery)),
        ("Tirada larga", Some(Long)),
        ("Fondo largo 25k", Some(Long)),
        ("Series 8x400", Some(Workout)),
        ("Cambios de ritmo", Some(Workout)),
        ("Umbral 3x10", Some(Workout)),
        ("Cuestas", Some(Workout)),
        ("Media maratón de Valencia", Some(Race)),
        ("Carrera popular", Some(Race)),
        ("San Silvestre Vallecana", Some(Race)),
        // "carrera" is any run: Strava's Spanish defaults say nothing.
        ("Carrera matutina", None),
        ("Carrera por la tarde", None),
        ("Carrera nocturna", None),
        ("Corsa lenta", Some(Easy)),
        ("Corsa di recupero", Some(Recovery)),
        ("Lungo lento 28 km", Some(Long)),
        ("Ripetute 10x1000", Some(Workout)),
        ("Medio 12 km", Some(Workout)),
        ("Soglia", Some(Workout)),
        ("Gara", Some(Race)),
        ("Mezza maratona di Roma", Some(Race)),
        ("Maratona di Firenze", Some(Race)),
        ("Corsa mattutina", None),
        ("Corsa serale", None),
        ("Corsa lungo il fiume", None),
        ("Corsa con bel tempo", None),
    ]);
}

#[test]
fn dutch_portuguese_and_nordic_titles() {
    check(&[
        ("Herstelloop", Some(Recovery)),
        ("Rustige duurloop", Some(Easy)),
        ("Lange duurloop", Some(Long)),
        ("Tempoloop", Some(Workout)),
        ("Intervallen 6x800", Some(Workout)),
        ("Halve marathon Egmond", Some(Race)),
        ("Wedstrijd", Some(Race)),
        ("Ochtendloop", None),
        ("Avondloop", None),
        ("Rodagem leve", Some(Easy)),
        ("Regenerativo", Some(Recovery)),
        ("Longão 30k", Some(Long)),
        ("Tiros 10x400", Some(Workout)),
        ("Treino intervalado", Some(Workout)),
        ("Meia maratona do Rio", Some(Race)),
        ("Corrida matinal", None),
        ("Corrida noturna", None),
        ("Lugn löpning", Some(Easy)),
        ("Återhämtningspass", Some(Recovery)),
        ("Långpass", Some(Long)),
        ("Intervaller 5x1000", Some(Workout)),
        ("Tröskelpass", Some(Workout)),
        ("Lidingöloppet", Some(Race)),
        ("Göteborgsvarvet", Some(Race)),
        ("Morgonlöpning", None),
        ("Rolig tur", Some(Easy)),
        ("Langtur", Some(Long)),
        ("Terskelintervaller 4x8 min", Some(Workout)),
        ("Holmenkolløpet", Some(Race)),
        ("Roligt løb", Some(Easy)),
        ("Eremitageløbet", Some(Race)),
        ("Palauttava lenkki", Some(Recovery)),
        ("PK-lenkki", Some(Easy)),
        ("Pitkä lenkki", Some(Long)),
        ("Vetoja 6x1km", Some(Workout)),
        ("Kilpailu", Some(Race)),
    ]);
}

#[test]
fn precedence_is_race_workout_long_recovery_easy() {
    check(&[
        ("Easy long run", Some(Long)),
        ("Long run with tempo finish", Some(Workout)),
        ("Recovery jog between intervals", Some(Workout)),
        ("Race: ran it as a tempo", Some(Race)),
        ("Recovery then easy", Some(Recovery)),
    ]);
}

#[test]
fn the_words_that_spoke_are_given_as_written() {
    let r = WordList::builtin().read("Easy w/ strides").unwrap();
    assert_eq!(r.planned, Easy);
    assert_eq!(r.words, ["Easy", "w/ strides"]);
    let r = WordList::builtin().read("Sortie RÉCUP, 8 km").unwrap();
    assert_eq!(r.words, ["Sortie RÉCUP"]);
    let r = WordList::builtin()
        .read("Track: 10 x 400m + 4x200")
        .unwrap();
    assert_eq!(r.planned, Workout);
    assert_eq!(r.words, ["Track", "10 x 400m", "4x200"]);
    assert_eq!(read(""), None);
    assert_eq!(read("🏃‍♀️🔥"), None);
}

#[test]
fn a_list_can_be_extended() {
    let (list, errors) = WordList::parse(
        "planned,language,phrase\nrace,en,club champs\nnone,en,club\neasy,en,club run\n",
    );
    assert!(errors.is_empty());
    assert_eq!(list.read("Club champs 10k").map(|r| r.planned), Some(Race));
    assert_eq!(list.read("Club run").map(|r| r.planned), Some(Easy));
    assert_eq!(list.read("Club night").map(|r| r.planned), None);
}

/// The README's table of example titles reads as it says.
#[test]
fn the_readme_examples_read_as_documented() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("| title | planned |")
        .expect("README has the example titles");
    let rows: Vec<&str> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 6);
    let mut checked = 0;
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (titles, want) = (cells[1], cells[2]);
        let want = Planned::from_name(want);
        for title in titles.split(" · ") {
            assert_eq!(read(title), want, "README: {title:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 38);
}
