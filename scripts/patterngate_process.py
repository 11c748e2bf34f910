"""What the scripts that drive a real `patterngate` binary share: a free local port, and
running a CLI command that must succeed."""
import os, socket, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary, *args, label="patterngate"):
    """Runs `binary args` from the repository root; exits with its stderr when it fails."""
    result = subprocess.run([binary, *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{label}: {' '.join(args[:2])} failed: {result.stderr.strip()}")
    return result.stdout.strip()
