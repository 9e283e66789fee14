//! A coach's team folder: each sub-folder or `.zip` directly in it is one athlete's export, named by
//! the folder or by the zip without `.zip`. Names only, as [`super::discover`]: nothing is read
//! here but the folder's list of names.
//!
//! An athlete's profile is `grayzone.toml` in their folder; a zip's is `NAME.grayzone.toml` beside
//! it (nothing but activities is ever read out of an archive).

use std::fs;
use std::path::PathBuf;

use super::discover::{describe_io, is_mac_metadata, kind_of, Kind, PathError};

/// One athlete of the team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AthleteSource {
    /// The folder's name, or the zip's without `.zip`.
    pub name: String,
    /// Their export: the folder or the zip.
    pub path: PathBuf,
    /// Their profile file, when they have one.
    pub profile: Option<PathBuf>,
    /// Why this athlete cannot be read at all (two athletes of one name).
    pub problem: Option<String>,
}

/// The athletes of the team folders, sorted by name (then path), and the activity files lying
/// loose in a team folder, which belong to no athlete.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Team {
    pub athletes: Vec<AthleteSource>,
    pub loose: Vec<String>,
}

/// Lists the athletes of every team folder. Only a team folder that cannot be listed is an error;
/// a name shared by two athletes (`ana/` and `ana.zip`) makes both a problem, never a mix of both.
pub fn athletes(dirs: &[PathBuf]) -> Result<Team, PathError> {
    let mut team = Team::default();
    // A team folder named twice (`team T T`, or by two paths) is one team: its athletes each
    // shared their name with themselves, and none was read (hostile round 36 M3).
    let mut listed = std::collections::HashSet::new();
    for dir in dirs {
        if let Ok(real) = fs::canonicalize(dir) {
            if !listed.insert(real) {
                continue;
            }
        }
        let refuse = |reason: String| PathError {
            path: dir.to_string_lossy().into_owned(),
            reason,
        };
        let facts = fs::metadata(dir).map_err(|e| refuse(describe_io(&e)))?;
        if !facts.is_dir() {
            return Err(refuse(
                "not a folder: give the team's folder, with one sub-folder or .zip per athlete"
                    .into(),
            ));
        }
        let entries = fs::read_dir(dir).map_err(|e| refuse(describe_io(&e)))?;
        let mut names: Vec<std::ffi::OsString> = Vec::new();
        for entry in entries {
            names.push(entry.map_err(|e| refuse(describe_io(&e)))?.file_name());
        }
        names.sort();
        for name in names {
            let text = name.to_string_lossy().into_owned();
            // Hidden folders (.git, .Trash) and macOS metadata are nobody's export.
            if text.starts_with('.') || is_mac_metadata(&text) {
                continue;
            }
            let path = dir.join(&name);
            let is_folder = fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if is_folder {
                // Whatever is there by that name is the athlete's, as `weekly` takes it: a pipe
                // or a folder so named is said, not passed over (hostile round 35 H7).
                let profile = path.join("grayzone.toml");
                team.athletes.push(AthleteSource {
                    name: text,
                    profile: profile.exists().then_some(profile),
                    path,
                    problem: None,
                });
                continue;
            }
            match kind_of(&text) {
                Some(Kind::Zip) => {
                    let stem = text[..text.len() - ".zip".len()].to_string();
                    let profile = dir.join(format!("{stem}.grayzone.toml"));
                    team.athletes.push(AthleteSource {
                        name: stem,
                        profile: profile.exists().then_some(profile),
                        path,
                        problem: None,
                    });
                }
                Some(Kind::Activity { .. } | Kind::GzippedZip) => {
                    team.loose.push(path.to_string_lossy().into_owned())
                }
                // An export's index beside the athletes' folders belongs to no one of them.
                Some(Kind::Index(_)) | None => {}
            }
        }
    }
    team.athletes
        .sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
    let shared: Vec<String> = team
        .athletes
        .windows(2)
        .filter(|w| w[0].name == w[1].name)
        .map(|w| w[0].name.clone())
        .collect();
    for name in shared {
        let paths: Vec<String> = team
            .athletes
            .iter()
            .filter(|a| a.name == name)
            .map(|a| a.path.to_string_lossy().into_owned())
            .collect();
        let problem = format!(
            "two athletes are named {name} ({}): rename one",
            paths.join(", ")
        );
        for a in team.athletes.iter_mut().filter(|a| a.name == name) {
            a.problem = Some(problem.clone());
        }
    }
    Ok(team)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_zips_are_athletes_and_the_rest_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for folder in ["bob", "ana", ".git", "__MACOSX"] {
            fs::create_dir(d.join(folder)).unwrap();
        }
        fs::write(d.join("ana/grayzone.toml"), "max_hr = 190\n").unwrap();
        fs::write(d.join("Cleo.ZIP"), b"PK").unwrap();
        fs::write(d.join("Cleo.grayzone.toml"), "max_hr = 180\n").unwrap();
        fs::write(d.join("loose.fit"), b"").unwrap();
        fs::write(d.join("notes.txt"), b"").unwrap();
        let team = athletes(&[d.to_path_buf()]).unwrap();
        let names: Vec<&str> = team.athletes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Cleo", "ana", "bob"]);
        assert_eq!(team.athletes[0].profile, Some(d.join("Cleo.grayzone.toml")));
        assert_eq!(team.athletes[1].profile, Some(d.join("ana/grayzone.toml")));
        assert_eq!(team.athletes[2].profile, None);
        assert!(team.athletes.iter().all(|a| a.problem.is_none()));
        assert_eq!(team.loose, [d.join("loose.fit").to_string_lossy()]);
    }

    #[test]
    fn a_team_folder_named_twice_is_one_team() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("ana")).unwrap();
        let twice = [dir.path().to_path_buf(), dir.path().join("ana/..")];
        let team = athletes(&twice).unwrap();
        assert_eq!(team.athletes.len(), 1);
        assert!(team.athletes[0].problem.is_none(), "{:?}", team.athletes[0]);
    }

    #[test]
    fn one_name_for_two_athletes_is_a_problem_for_both() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("ana")).unwrap();
        fs::write(dir.path().join("ana.zip"), b"PK").unwrap();
        let team = athletes(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(team.athletes.len(), 2);
        for a in &team.athletes {
            let problem = a.problem.as_deref().unwrap();
            assert!(
                problem.starts_with("two athletes are named ana ("),
                "{problem}"
            );
            assert!(problem.ends_with("): rename one"), "{problem}");
        }
    }

    #[test]
    fn a_team_folder_that_is_not_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("run.fit");
        fs::write(&file, b"").unwrap();
        let e = athletes(&[file]).unwrap_err();
        assert!(e.reason.starts_with("not a folder"), "{e}");
        let e = athletes(&[dir.path().join("missing")]).unwrap_err();
        assert_eq!(e.reason, "no such file or folder");
    }
}
