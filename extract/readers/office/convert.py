"""DOC, WPS, ET (and XLS that calamine refuses) to DOCX/XLSX, by LibreOffice headless.

Each conversion runs in a fresh temporary profile whose settings disable macros
outright (DisableMacrosExecution, and the highest macro security level besides),
in its own process group, under a time limit; then everything is removed. The
Makefile's system-deps installs LibreOffice from Debian (libreoffice-writer-nogui,
libreoffice-calc-nogui).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tongbao.extract.errors import BadInput

TIME_LIMIT = 120.0  # seconds for one conversion
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""
_NAMES = {"doc": "Word (DOC/WPS)", "xls": "Excel (XLS/ET)", "docx": "Word", "xlsx": "Excel"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, kind: str, target: str, time_limit: float = TIME_LIMIT) -> bytes:
    """The file converted to `target` (docx or xlsx), or BadInput saying why not."""
    program = soffice()
    if program is None:
        raise BadInput(f"{_NAMES[kind]} files are converted by LibreOffice, which is not "
                       "installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
                       f"(`make system-deps` does), or save the file as .{target} and run again")
    with tempfile.TemporaryDirectory(prefix="tongbao-soffice-") as tmp:
        profile = Path(tmp, "profile", "user")
        profile.mkdir(parents=True)
        (profile / "registrymodifications.xcu").write_text(_PROFILE, "utf-8")
        source = Path(tmp, f"input.{kind}")
        source.write_bytes(data)
        out = Path(tmp, "out")
        command = [program, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                   "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(source)]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                env={**os.environ, "HOME": tmp})
        try:
            _, err = proc.communicate(timeout=time_limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice and the soffice.bin it started
            proc.communicate()
            raise BadInput(f"LibreOffice took longer than {time_limit:g} s to convert this "
                           f"{_NAMES[kind]} file and was stopped; the file may be damaged, or "
                           f"save it as .{target} and run again") from None
        result = out / f"input.{target}"
        if not result.exists():
            why = err.decode("utf-8", "replace").strip().splitlines()
            raise BadInput(f"LibreOffice could not read this {_NAMES[kind]} file"
                           f"{' (' + why[-1] + ')' if why else ''}; the file may be damaged or "
                           f"not really {kind.upper()}: open it in WPS or Word and save it as "
                           f".{target}")
        return result.read_bytes()
