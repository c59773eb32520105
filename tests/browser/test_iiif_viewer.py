"""The IIIF manifests open in a real viewer (issue 18, Done when): Mirador 4, from npm, served
with the built site on 127.0.0.1, shows an object's picture, and asks no other host for
anything.

Mirador's single-file bundle (dist/mirador.min.js, React and OpenSeadragon inside) is taken
from the package's tarball, fetched once with ``npm pack`` into .cache/mirador (git-ignored;
the npm registry is the only host asked, and only then). It is not shipped with Parlour: the
site itself has no viewer, it offers the manifests to anyone's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import REPO, TIMEOUT_MS, Server, build_site
from tests.sample import copy_sample

MIRADOR_NPM = "mirador@4.0.0"
CACHE = REPO / ".cache" / "mirador"
BUNDLE = CACHE / "mirador.min.js"
VIEWER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IIIF viewer</title>
<style>html, body {{ margin: 0; height: 100%; }} #viewer {{ position: absolute; inset: 0; }}
</style></head>
<body><div id="viewer"></div>
<script src="mirador.min.js"></script>
<script>
Mirador.viewer({{
  id: "viewer",
  windows: [{{ manifestId: "{manifest}" }}],
  window: {{ allowClose: false, allowMaximize: false, defaultSideBarPanel: "info",
             sideBarOpenByDefault: true }},
  workspaceControlPanel: {{ enabled: false }},
}});
</script></body></html>
"""


def mirador() -> Path:
    """Mirador's bundle and licence in .cache/mirador, from the npm tarball (once)."""
    if BUNDLE.is_file():
        return BUNDLE
    npm = shutil.which("npm")
    assert npm, "the IIIF viewer test needs npm (apt-get install npm)"
    CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([npm, "pack", "--silent", MIRADOR_NPM, "--pack-destination",
                             str(CACHE)], capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, f"npm pack {MIRADOR_NPM}:\n{result.stderr}"
    tarball = CACHE / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        for member, name in (("package/dist/mirador.min.js", BUNDLE.name),
                             ("package/LICENSE", "LICENSE")):
            source = tar.extractfile(member)
            assert source is not None, f"{member} is not in {tarball.name}"
            (CACHE / name).write_bytes(source.read())
    tarball.unlink()
    return BUNDLE


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample built with site_url at a local server's address (a manifest's ids are
    absolute: the viewer fetches what they say), the viewer page beside it."""
    bundle = mirador()
    base = tmp_path_factory.mktemp("iiif-viewer")
    archive = base / "archive"
    archive.mkdir()
    copy_sample(archive, ("stories", "exhibits", "docs", "mkdocs.yml",))
    site = base / "site"
    site.mkdir()
    with Server(site) as server:
        config = (archive / "mkdocs.yml").read_text(encoding="utf-8")
        config, n = re.subn(r"(?m)^site_url: .*$", f"site_url: {server.url}", config)
        assert n == 1, "the sample's mkdocs.yml has no site_url line"
        (archive / "mkdocs.yml").write_text(config, encoding="utf-8")
        build_site(str(archive / "mkdocs.yml"), site)
        shutil.copy(bundle, site / "mirador.min.js")
        yield server, site


def test_an_objects_manifest_opens_in_mirador_and_shows_its_picture(page, served):
    server, site = served
    manifest = f"{server.url}iiif/objects/desk-clock/manifest.json"
    (site / "viewer.html").write_text(VIEWER_PAGE.format(manifest=manifest), encoding="utf-8")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    picture = f"{server.url}media/objects/desk-clock.svg"
    with page.expect_response(lambda r: r.url == picture and r.ok, timeout=TIMEOUT_MS):
        page.goto(server.url + "viewer.html")
    assert manifest in requests
    # the manifest's English label, in the window's title bar
    page.get_by_role("heading", name="Wind-up desk clock", exact=True).first.wait_for()
    # OpenSeadragon draws the picture into its canvas: wait until it holds pixels
    page.wait_for_function(
        """() => {
            const canvas = document.querySelector('.openseadragon-canvas canvas');
            if (!canvas || !canvas.width || !canvas.height) return false;
            const data = canvas.getContext('2d')
                .getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 16) if (data[i] > 0) painted++;
            return painted > data.length / 16 / 10;
        }""",
        timeout=TIMEOUT_MS,
    )
    others = sorted({url for url in requests
                     if urlsplit(url).scheme in ("http", "https")
                     and not url.startswith(server.url)})
    assert not others, f"the viewer asked other hosts: {others}"
