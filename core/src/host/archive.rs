//! `docker save` and `docker load`: images to a tar archive on the host and back.
//!
//! The archive is a file in the host's working directory whose size is what the images' layers and
//! configs weigh; its bytes are synthetic. The daemon keeps what each archive it wrote holds (by the
//! file's content seed), so loading the file, even after `docker rmi`, brings the same images and
//! tags back, as loading a real archive does. A file `docker save` did not write is not an image
//! archive.

use super::args::{switch, value};
use super::images::{arg_error, parse_or_report};
use super::{CommandResult, Host};
use crate::fs::Content;
use crate::image::Image;

/// What one archive written by `docker save` holds: each image with the tags it was saved under.
#[derive(Debug, Clone, Default)]
pub struct SavedArchive {
    /// The images, in the order they were named.
    pub images: Vec<(Image, Vec<String>)>,
}

impl Host {
    /// `docker save [-o FILE] IMAGE...`.
    pub(super) fn save(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("output", Some('o')), value("platform", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "save") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "save", "at least 1 argument");
            return r;
        }
        let Some(output) = parsed.get("output").map(str::to_string) else {
            // The CLI writes the tar to standard output only when that is not a terminal (a
            // redirection to a file becomes `-o`, in `Host::execute_redirected`); a tar stream
            // cannot be shown.
            if self.tty {
                r.err("cowardly refusing to save to a terminal. Use the -o flag or redirect");
                r.exit = 1;
            }
            return r;
        };
        let mut archive = SavedArchive::default();
        for name in &parsed.args {
            let Some(image) = self.find_image(name).cloned() else {
                let shown = crate::image_ref::ImageRef::parse(name)
                    .map(|reference| reference.with_default_tag().familiar_tagged())
                    .unwrap_or_else(|_| name.clone());
                r.err(format!("Error response from daemon: No such image: {shown}"));
                r.exit = 1;
                return r;
            };
            // A name saves that tag; an ID saves the image with every tag it has.
            let tags = match crate::image_ref::ImageRef::parse(name) {
                Ok(reference)
                    if self.store.tags.contains_key(&reference.clone().with_default_tag().familiar_tagged()) =>
                {
                    vec![reference.with_default_tag().familiar_tagged()]
                }
                _ => self.tags_of(&image.id),
            };
            match archive.images.iter_mut().find(|(saved, _)| saved.id == image.id) {
                Some((_, saved_tags)) => saved_tags.extend(tags),
                None => archive.images.push((image, tags)),
            }
        }
        // The tar holds each layer once, plus the configs, the manifest and tar headers.
        let mut layers = std::collections::BTreeSet::new();
        let mut size: u64 = 10_240;
        for (image, _) in &archive.images {
            size += 2_048;
            for layer in &image.layers {
                if layers.insert(layer.diff_id()) {
                    size += layer.size() + 1_536;
                }
            }
        }
        let names: Vec<String> =
            archive.images.iter().map(|(image, tags)| format!("{} {}", image.id.hex(), tags.join(","))).collect();
        let content = Content::synthetic(size, &format!("docker-save:{}", names.join(";")));
        let Content::Synthetic { seed, .. } = content else { return r };
        let path = crate::fs::normalize(&self.cwd, &output);
        if let Err(error) = self.fs.write_file(&path, content, 0o600, 1000, 1000) {
            r.err(format!(
                "failed to save image: invalid output path: open {output}: {}",
                error.to_string().to_lowercase()
            ));
            r.exit = 1;
            return r;
        }
        self.archives.insert(seed, archive);
        r
    }

    /// `docker load [-i FILE] [-q]`: the images of an archive `docker save` wrote, with their tags.
    pub(super) fn load(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("input", Some('i')), switch("quiet", Some('q')), value("platform", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "load") else { return r };
        if let Some(extra) = parsed.args.first() {
            r.err(format!("\"docker load\" accepts no arguments.\nSee 'docker load --help'.\n\nUsage:  docker load [OPTIONS]\n\nLoad an image from a tar archive or STDIN\n\nunexpected argument: {extra}"));
            r.exit = 1;
            return r;
        }
        let content = match parsed.get("input") {
            Some(input) => match self.fs.read_file(&crate::fs::normalize(&self.cwd, input)) {
                Ok(content) => content,
                Err(_) => {
                    r.err(format!("open {input}: no such file or directory"));
                    r.exit = 1;
                    return r;
                }
            },
            // `docker load < app.tar`.
            None => match self.pending_stdin_file.take() {
                Some(content) => content,
                None => {
                    r.err("requested load from stdin, but stdin is empty");
                    r.exit = 1;
                    return r;
                }
            },
        };
        let archive = match content {
            Content::Synthetic { seed, .. } => self.archives.get(&seed).cloned(),
            Content::Bytes(_) => None,
        };
        let Some(archive) = archive else {
            r.err("Error response from daemon: unexpected EOF");
            r.exit = 1;
            return r;
        };
        for (image, tags) in archive.images {
            let id = image.id;
            self.store_image(image, &tags);
            if tags.is_empty() {
                r.out(format!("Loaded image ID: {}", id.prefixed()));
            }
            for tag in tags {
                r.out(format!("Loaded image: {tag}"));
            }
        }
        r
    }
}
