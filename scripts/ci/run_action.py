"""Runs the shell steps of action.yml locally, as the Actions runner would, in order.

Usage: run_action.py ACTION_YML WORKDIR [input=value ...]

Each `run:` step gets its `env:` (with `${{ inputs.* }}`, `${{ github.action_path }}` and
`${{ steps.ID.outputs.* }}` substituted), GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY and
RUNNER_TEMP, and runs under `bash --noprofile --norc -eo pipefail`, the runner's command for
`shell: bash`. `if:` conditions are evaluated (always(), ==, !=, &&, ||, string literals and
the contexts above). A `uses:` step cannot run here: its `with:` is printed and checked for
unresolved expressions. Prints a JSON summary line: the exit code of the job (the first
failing step's), each step's outcome and the step outputs. Exits 0 unless the action itself
is malformed.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def main():
    action_path, workdir, *assignments = sys.argv[1:]
    with open(action_path) as f:
        action = yaml.safe_load(f)
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for assignment in assignments:
        name, value = assignment.split("=", 1)
        if name not in inputs:
            sys.exit(f"run_action: no input `{name}` in {action_path}")
        inputs[name] = value
    root = os.path.dirname(os.path.abspath(action_path))
    temp = tempfile.mkdtemp(prefix="runner-")
    summary = os.path.join(temp, "step-summary.md")
    open(summary, "w").close()
    outputs = {}
    extra_path = []
    job_failed = False
    exit_code = 0
    outcomes = []

    def context(name):
        if name == "github.action_path":
            return root
        if name.startswith("inputs."):
            return inputs[name[len("inputs."):]]
        match = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", name)
        if match:
            return outputs.get(match.group(1), {}).get(match.group(2), "")
        raise SystemExit(f"run_action: unsupported expression context `{name}`")

    def substitute(text):
        return EXPRESSION.sub(lambda m: context(m.group(1)), str(text))

    def condition(text):
        if text is None:
            return not job_failed
        expression = EXPRESSION.sub(lambda m: m.group(1), str(text))
        uses_status = "always()" in expression
        python = re.sub(r"'((?:[^']|'')*)'", lambda m: repr(m.group(1).replace("''", "'")), expression)
        python = python.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
        python = re.sub(
            r"(?<!['\w.])((?:inputs|steps|github)\.[\w.-]+)",
            lambda m: repr(context(m.group(1))),
            python,
        )
        value = bool(eval(python, {"__builtins__": {}}, {"True": True}))
        # As on the runner, a condition without a status function means success() && it.
        return value if uses_status else value and not job_failed

    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {index}")
        if not condition(step.get("if")):
            outcomes.append([name, "skipped"])
            continue
        if "uses" in step:
            with_ = {key: substitute(value) for key, value in step.get("with", {}).items()}
            leftover = [v for v in with_.values() if "${{" in v]
            if leftover:
                sys.exit(f"run_action: unresolved expression in {name}: {leftover}")
            print(f"run_action: would run {step['uses']} with {json.dumps(with_)}", file=sys.stderr)
            outcomes.append([name, "uses", step["uses"], with_])
            continue
        if step.get("shell") != "bash":
            sys.exit(f"run_action: step `{name}` must use shell: bash")
        output_file = os.path.join(temp, f"output-{index}")
        path_file = os.path.join(temp, f"path-{index}")
        open(output_file, "w").close()
        open(path_file, "w").close()
        env = dict(os.environ)
        env.update({key: substitute(value) for key, value in step.get("env", {}).items()})
        env.update(
            {
                "GITHUB_OUTPUT": output_file,
                "GITHUB_PATH": path_file,
                "GITHUB_STEP_SUMMARY": summary,
                "GITHUB_ACTION_PATH": root,
                "GITHUB_WORKSPACE": os.path.abspath(workdir),
                "RUNNER_TEMP": temp,
                "PATH": os.pathsep.join(extra_path + [os.environ["PATH"]]),
            }
        )
        script = os.path.join(temp, f"step-{index}.sh")
        with open(script, "w") as f:
            f.write(step["run"])
        print(f"run_action: step `{name}`", file=sys.stderr, flush=True)
        status = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env
        ).returncode
        step_outputs = {}
        with open(output_file) as f:
            for line in f:
                if "=" in line:
                    key, value = line.rstrip("\n").split("=", 1)
                    step_outputs[key] = value
        if "id" in step:
            outputs[step["id"]] = step_outputs
        with open(path_file) as f:
            extra_path = [line.strip() for line in f if line.strip()][::-1] + extra_path
        outcomes.append([name, status])
        if status != 0 and not job_failed:
            job_failed = True
            exit_code = status
    with open(summary) as f:
        step_summary = f.read()
    shutil.rmtree(temp, ignore_errors=True)
    print(
        json.dumps(
            {
                "exit_code": exit_code,
                "steps": outcomes,
                "outputs": outputs,
                "step_summary": step_summary,
            }
        )
    )


if __name__ == "__main__":
    main()
