"""Drives jit's MCP server with the official Python MCP SDK (`pip install mcp`), as an agent would.

Usage: client.py SCENARIO SPEC_JSON. SPEC_JSON is {"command": [...], "env": {...}, "cwd": "...", ...};
the scenario prints one JSON object of what it saw on stdout, for the Swift test to judge. The
script only records; the assertions are the Swift test's.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def server(spec, extra_args=(), env=None):
    command = spec["command"]
    return StdioServerParameters(
        command=command[0], args=list(command[1:]) + list(extra_args),
        env={**spec["env"], **(env or {})}, cwd=spec["cwd"])


def answer(result):
    """A tool result as {"is_error", "json"}: the text content parsed."""
    text = "".join(part.text for part in result.content if part.type == "text")
    return {"is_error": bool(result.is_error), "json": json.loads(text)}


async def session_call(spec, calls, extra_args=(), env=None):
    """Runs the calls [(tool, arguments)] in one session; each answer, or the protocol error."""
    answers = []
    async with stdio_client(server(spec, extra_args, env)) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            for tool, arguments in calls:
                try:
                    answers.append(answer(await session.call_tool(tool, arguments)))
                except Exception as error:  # a protocol error (an unknown tool)
                    answers.append({"protocol_error": str(error)})
    return init, answers


async def tiers(spec):
    """tools/list for each tier, chosen by --tier and by JIT_MCP_TIER, with the listing's size."""
    seen = {}
    for tier in ["core", "standard", "all"]:
        for how in ["option", "environment"]:
            args = ["--tier", tier] if how == "option" else []
            env = {} if how == "option" else {"JIT_MCP_TIER": tier}
            async with stdio_client(server(spec, args, env)) as (read, write):
                async with ClientSession(read, write) as session:
                    init = await session.initialize()
                    listed = await session.list_tools()
            listing = listed.model_dump(mode="json", by_alias=True, exclude_none=True)
            seen[f"{tier}/{how}"] = {
                "server": init.server_info.name,
                "protocol": init.protocol_version,
                "names": [tool.name for tool in listed.tools],
                "characters": len(json.dumps(listing, separators=(",", ":"))),
                "tools": listing["tools"],
            }
    return seen


async def calls(spec):
    """The calls the spec lists, in one session."""
    init, answers = await session_call(spec, [(c["tool"], c.get("arguments", {})) for c in spec["calls"]])
    return {"server": init.server_info.name, "answers": answers}


async def flow(spec):
    """An agent's whole loop through gates: ready, claim_next, show, set_context, complete (gated),
    check_gates (the automated gate passes: done); then the issue with a manual gate: its pass is
    refused, and it stays gated."""
    steps = {}
    async with stdio_client(server(spec)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            async def call(name, tool, arguments):
                steps[name] = answer(await session.call_tool(tool, arguments))
                return steps[name]["json"]

            await call("ready", "ready", {})
            claimed = await call("claim_next", "claim_next", {"lease": "15m"})
            issue = claimed["id"]
            await call("show", "show", {"id": issue})
            await call("set_context", "set_context", {"id": issue, "set": {"branch": "mcp-work"}})
            await call("complete", "complete", {"id": issue})
            await call("check_gates", "check_gates", {"id": issue})
            await call("after", "show", {"id": issue})
            manual = spec["manual_issue"]
            await call("claim_manual", "claim", {"id": manual})
            await call("complete_manual", "complete", {"id": manual})
            await call("pass_manual", "gate_pass", {"id": manual, "gate": "review"})
            await call("check_manual", "check_gates", {"id": manual})
            await call("after_manual", "show", {"id": manual})
    return steps


async def race(spec):
    """`clients` clients, each its own server acting as its own agent, claiming concurrently until
    nothing is ready; the ids each claimed, and the codes of the refusals that ended them."""

    async def one(index):
        claimed, ended = [], None
        env = {"JIT_ACTOR": f"agent:racer-{index}"}
        async with stdio_client(server(spec, env=env)) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                while ended is None:
                    result = answer(await session.call_tool("claim_next", {}))
                    if result["is_error"]:
                        ended = result["json"]["error"]["code"]
                    else:
                        claimed.append(result["json"]["id"])
        return {"claimed": claimed, "ended": ended}

    return await asyncio.gather(*(one(index) for index in range(spec["clients"])))


SCENARIOS = {"tiers": tiers, "calls": calls, "flow": flow, "race": race}

if __name__ == "__main__":
    scenario, spec = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(asyncio.run(SCENARIOS[scenario](spec))))
