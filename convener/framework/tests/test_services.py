"""Installing packs, choosing the active one, and the load_pack command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from convener.framework.models import ContentPack
from convener.framework.packs import BUILTIN_PACK_DIR, PackError, builtin_pack, localize
from convener.framework.services import activate_pack, active_pack, install_pack
from convener.framework.tests.helpers import copy_builtin_pack, edit, line_of

pytestmark = pytest.mark.django_db


def own_wording(tmp_path: Path, version: str = "2.0.0", title: str = "Our framework") -> Path:
    """Return a copy of the built-in pack with another version and title."""
    pack_dir = copy_builtin_pack(tmp_path / version)
    edit(pack_dir, "pack.yaml", 'version: "1.0.0"', f'version: "{version}"')
    edit(pack_dir, "pack.yaml", "  en: Leading by Convening\n", f"  en: {title}\n")
    return pack_dir


def test_without_an_installed_pack_the_builtin_one_is_active():
    assert active_pack() is builtin_pack()


def test_installing_stores_the_validated_pack_and_activates_it():
    installed = install_pack(path=BUILTIN_PACK_DIR)
    assert (installed.key, installed.version, installed.title) == (
        "lbc",
        "1.0.0",
        "Leading by Convening",
    )
    assert installed.is_active
    assert set(installed.data) == {
        "pack",
        "habits",
        "depth_levels",
        "elements",
        "rubrics",
        "tools",
        "leadership",
        "teaching",
    }
    assert active_pack() == builtin_pack()


def test_an_organization_can_load_its_own_wording(tmp_path):
    install_pack(path=BUILTIN_PACK_DIR)
    ours = install_pack(path=own_wording(tmp_path))
    assert localize(active_pack().title, "en") == "Our framework"
    assert list(ContentPack.objects.filter(is_active=True)) == [ours]


def test_no_activate_keeps_the_current_pack(tmp_path):
    install_pack(path=BUILTIN_PACK_DIR)
    ours = install_pack(path=own_wording(tmp_path), activate=False)
    assert not ours.is_active
    assert active_pack().version == "1.0.0"
    activate_pack(ours)
    assert active_pack().version == "2.0.0"
    assert ContentPack.objects.filter(is_active=True).count() == 1


def test_installing_the_same_pack_twice_is_harmless():
    first = install_pack(path=BUILTIN_PACK_DIR)
    second = install_pack(path=BUILTIN_PACK_DIR)
    assert first.pk == second.pk
    assert ContentPack.objects.count() == 1


def test_new_content_under_an_installed_version_is_refused(tmp_path):
    install_pack(path=own_wording(tmp_path, title="First wording"))
    changed = own_wording(tmp_path / "again", title="Second wording")
    with pytest.raises(PackError) as caught:
        install_pack(path=changed)
    assert caught.value.file == "pack.yaml"
    assert caught.value.line == line_of(changed, "pack.yaml", "version:")
    assert "already installed with different content" in caught.value.reason
    assert localize(active_pack().title, "en") == "First wording"


def test_a_bad_pack_changes_nothing(tmp_path):
    install_pack(path=BUILTIN_PACK_DIR)
    broken = own_wording(tmp_path)
    edit(broken, "rubrics.yaml", "habit: coalescing", "habit: nobody")
    with pytest.raises(PackError):
        install_pack(path=broken)
    assert list(ContentPack.objects.values_list("version", "is_active")) == [("1.0.0", True)]


def test_an_invalid_stored_pack_falls_back_to_the_builtin_one(caplog):
    ContentPack.objects.create(key="odd", version="9.9.9", title="Odd", data={}, is_active=True)
    assert active_pack() is builtin_pack()
    assert "is invalid" in caplog.text


class TestLoadPackCommand:
    def test_installs_and_reports(self, tmp_path):
        out = StringIO()
        call_command("load_pack", str(own_wording(tmp_path)), stdout=out)
        assert "Pack lbc 2.0.0: active." in out.getvalue()
        assert active_pack().version == "2.0.0"

    def test_no_activate(self, tmp_path):
        out = StringIO()
        call_command("load_pack", str(own_wording(tmp_path)), "--no-activate", stdout=out)
        assert "installed, not active" in out.getvalue()
        assert active_pack() is builtin_pack()

    def test_warns_about_missing_translations(self, tmp_path):
        pack_dir = own_wording(tmp_path)
        edit(pack_dir, "tools.yaml", "      es: Su marca\n", "")
        out = StringIO()
        call_command("load_pack", str(pack_dir), stdout=out)
        assert "1 texts lack a translation" in out.getvalue()
        assert "tools[your_brand].name: es" in out.getvalue()

    def test_a_bad_pack_fails_with_file_line_and_reason_and_changes_nothing(self, tmp_path):
        install_pack(path=BUILTIN_PACK_DIR)
        broken = own_wording(tmp_path)
        line = edit(broken, "tools.yaml", "habit: work_together", "habit: working")
        with pytest.raises(CommandError) as caught:
            call_command("load_pack", str(broken), stdout=StringIO())
        assert f"tools.yaml, line {line}: tool 'problems_come_bundled'" in str(caught.value)
        assert list(ContentPack.objects.values_list("version", flat=True)) == ["1.0.0"]
        assert active_pack().version == "1.0.0"
