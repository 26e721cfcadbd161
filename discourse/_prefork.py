"""Jupyter kernels forked from a process that has already imported the study's libraries.

A fresh IPython kernel spends about 3.5 s of CPU before a notebook's first cell does any work:
starting Python and ipykernel, then importing spaCy, pandas, scipy, matplotlib and this package.
Every study notebook pays it again. :class:`PreforkedKernel` forks the current process (which has
those modules imported) *before* any event loop or ZeroMQ socket exists in it; the child waits for
the launch command that jupyter_client would have run, then becomes that kernel
(``ipykernel.kernelapp.launch_new_instance()`` with the same arguments, environment and working
folder). Imports are shared copy-on-write; every notebook still gets its own process, namespace,
sockets and kernel, and nothing a notebook *runs* is shared.

Only ipykernel launch commands (``python -m ipykernel_launcher ...``) run in the forked child; any
other command is ``exec``-ed there as is, and so is an ipykernel when matplotlib has already chosen a
backend in this process (the kernel must select its own inline backend). POSIX only: callers check
:func:`available`.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import sys
import traceback
import uuid

import ipykernel.kernelapp  # noqa: F401 - imported here so that forked kernels start with it
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

#: What ipykernel would set in a fresh process (ipykernel.kernelapp, MPLBACKEND default).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
LAUNCHERS = ("ipykernel_launcher", "ipykernel")
#: ipykernel options whose defaults it reads from the environment when it is imported: in the fork
#: they were computed from this process's environment, so the kernel's values are passed explicitly.
ENV_OPTIONS = {"JPY_PARENT_PID": "IPKernelApp.parent_handle", "JPY_INTERRUPT_EVENT": "IPKernelApp.interrupt"}

_waiting: PreforkedKernel | None = None


def available() -> bool:
    """Whether kernels can be forked here (POSIX ``fork``)."""
    return hasattr(os, "fork") and os.name == "posix"


def prepare() -> None:
    """Fork the kernel for the next launch now, while this process has no loop or socket to share."""
    global _waiting
    _waiting = PreforkedKernel()


def _take() -> PreforkedKernel | None:
    global _waiting
    kernel, _waiting = _waiting, None
    return kernel


def _is_ipykernel(cmd: list[str]) -> bool:
    return len(cmd) >= 3 and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable) \
        and cmd[1] == "-m" and cmd[2] in LAUNCHERS


def _matplotlib_backend_is_open() -> bool:
    """True if this process's pyplot has already chosen a backend (the child could not switch)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    return pyplot is not None and getattr(pyplot, "_backend_mod", None) is not None


def _become_kernel(read_fd: int) -> None:
    """In the forked child: wait for the launch request, then run the kernel; never returns."""
    code = 1
    try:
        with os.fdopen(read_fd, "rb") as fh:
            data = fh.read()
        if not data:  # the parent exited or did not need this kernel
            os._exit(0)
        cmd, env, cwd = pickle.loads(data)
        os.setsid()  # like jupyter_client's Popen(start_new_session=True): interrupts reach the group
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        if not _is_ipykernel(cmd) or _matplotlib_backend_is_open():
            os.execvpe(cmd[0], cmd, env)
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        if "matplotlib" in sys.modules:  # what matplotlib reads from MPLBACKEND when first imported
            sys.modules["matplotlib"].rcParams["backend"] = os.environ["MPLBACKEND"]
        asyncio.set_event_loop(None)
        sys.argv = [cmd[2], *cmd[3:], *(f"--{opt}={env[var]}" for var, opt in ENV_OPTIONS.items() if env.get(var))]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(code)


class PreforkedKernel:
    """A forked child waiting for its kernel command; a ``subprocess.Popen``-like handle on it."""

    stdin = stdout = stderr = None

    def __init__(self) -> None:
        read_fd, self._write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._write_fd)
            _become_kernel(read_fd)
        os.close(read_fd)
        self.returncode: int | None = None

    def start(self, cmd: list[str], *, env: dict[str, str], cwd: str) -> None:
        """Send the launch command; the child runs it."""
        with os.fdopen(self._write_fd, "wb") as fh:
            fh.write(pickle.dumps((list(cmd), dict(env), str(cwd))))

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class PreforkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching into a :class:`PreforkedKernel`."""

    preforked: PreforkedKernel | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if self.preforked is None:
            return await super().launch_kernel(cmd, **kwargs)
        kw = self._scrub_kwargs(kwargs)
        cwd = str(kw.get("cwd") or os.getcwd())
        env = dict(kw.get("env") or os.environ)
        if not kw.get("independent", False):  # as jupyter_client.launcher.launch_kernel does on POSIX
            env["JPY_PARENT_PID"] = str(os.getpid())
        self.preforked.start([os.path.expanduser(c) for c in cmd], env=env, cwd=cwd)
        self.process, self.preforked = self.preforked, None
        self.pid = self.pgid = self.process.pid  # the child calls setsid(): it leads its own group
        self.cwd = cwd
        return self.connection_info


class PreforkingKernelManager(AsyncKernelManager):
    """Starts its kernel in the child :func:`prepare` forked, if there is one; else as usual."""

    async def _async_pre_start_kernel(self, **kw):
        preforked = _take() if self.provisioner is None else None
        if preforked is not None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = PreforkedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                    parent=self)
            self.provisioner.preforked = preforked
        return await super()._async_pre_start_kernel(**kw)
