#!/usr/bin/python3
"""KDL reference for Kindred's kinematics tests and benchmark (not used at run time).

Reads one JSON request on stdin, builds a KDL.Tree from it the way kdl_parser does from a URDF
(segment = joint at the joint origin, then the origin frame; inertia about the COM rotated from the
inertial frame into link axes), and writes one JSON answer on stdout.

Request: {root, segments: [{name, parent, joint: {name, type: revolute|prismatic|fixed, xyz, rpy,
axis}, inertial: null | {mass, xyz, rpy, ixx, ixy, ixz, iyy, iyz, izz}}], gravity, fkTips,
dynTips, configs: [{q: {joint: value}, qd: {...}, qdd: {...}}], benchRepeat?}
Joint values are per joint name (mimic joints included, already expanded by the caller).

Answer: {chains: {tip: [joint names]}, fk: [{tip: [R row-major (9), p (3)]}], jac: [{tip: [6*k
row-major]}], dyn: [{tip: {tau, gravity, coriolis, mass}}], bench?: {...}}.
KDL's solvers are chain-based; every chain runs from the root to a tip.
"""
import json
import sys
import time

import PyKDL as kdl


def frame(xyz, rpy):
    return kdl.Frame(kdl.Rotation.RPY(*rpy), kdl.Vector(*xyz))


def inertia(inertial):
    if inertial is None:
        return kdl.RigidBodyInertia()
    rot = kdl.Rotation.RPY(*inertial["rpy"])
    about_com = kdl.RotationalInertia(
        inertial["ixx"], inertial["iyy"], inertial["izz"], inertial["ixy"], inertial["ixz"], inertial["iyz"]
    )
    in_link_axes = (rot * kdl.RigidBodyInertia(0.0, kdl.Vector.Zero(), about_com)).getRotationalInertia()
    return kdl.RigidBodyInertia(inertial["mass"], kdl.Vector(*inertial["xyz"]), in_link_axes)


def segment(seg):
    j = seg["joint"]
    origin = frame(j["xyz"], j["rpy"])
    if j["type"] == "fixed":
        joint = kdl.Joint(j["name"], kdl.Joint.Fixed)
    else:
        kind = kdl.Joint.RotAxis if j["type"] == "revolute" else kdl.Joint.TransAxis
        joint = kdl.Joint(j["name"], origin.p, origin.M * kdl.Vector(*j["axis"]), kind)
    return kdl.Segment(seg["name"], joint, origin, inertia(seg["inertial"]))


def chain_joints(chain):
    names = []
    for i in range(chain.getNrOfSegments()):
        joint = chain.getSegment(i).getJoint()
        if joint.getType() != kdl.Joint.Fixed:
            names.append(joint.getName())
    return names


def jnt_array(names, values):
    arr = kdl.JntArray(len(names))
    for i, name in enumerate(names):
        arr[i] = values[name]
    return arr


def main():
    req = json.load(sys.stdin)
    tree = kdl.Tree(req["root"])
    for seg in req["segments"]:
        if not tree.addSegment(segment(seg), seg["parent"]):
            raise SystemExit("cannot add segment %s to parent %s" % (seg["name"], seg["parent"]))
    gravity = kdl.Vector(*req["gravity"])
    tips = sorted(set(req["fkTips"]) | set(req["dynTips"]))
    chains = {tip: tree.getChain(req["root"], tip) for tip in tips}
    names = {tip: chain_joints(chains[tip]) for tip in tips}
    fk_solvers = {tip: kdl.ChainFkSolverPos_recursive(chains[tip]) for tip in tips}
    jac_solvers = {tip: kdl.ChainJntToJacSolver(chains[tip]) for tip in tips}
    dyn_params = {tip: kdl.ChainDynParam(chains[tip], gravity) for tip in req["dynTips"]}
    id_solvers = {tip: kdl.ChainIdSolver_RNE(chains[tip], gravity) for tip in req["dynTips"]}

    out = {"chains": names, "fk": [], "jac": [], "dyn": []}
    for cfg in req["configs"]:
        fk, jac, dyn = {}, {}, {}
        for tip in req["fkTips"]:
            k = len(names[tip])
            q = jnt_array(names[tip], cfg["q"])
            f = kdl.Frame()
            fk_solvers[tip].JntToCart(q, f)
            fk[tip] = [f.M[r, c] for r in range(3) for c in range(3)] + [f.p[0], f.p[1], f.p[2]]
            J = kdl.Jacobian(k)
            jac_solvers[tip].JntToJac(q, J)
            jac[tip] = [J[r, c] for r in range(6) for c in range(k)]
        for tip in req["dynTips"]:
            k = len(names[tip])
            q = jnt_array(names[tip], cfg["q"])
            qd = jnt_array(names[tip], cfg["qd"])
            qdd = jnt_array(names[tip], cfg["qdd"])
            tau, grav, cor = kdl.JntArray(k), kdl.JntArray(k), kdl.JntArray(k)
            M = kdl.JntSpaceInertiaMatrix(k)
            wrenches = [kdl.Wrench() for _ in range(chains[tip].getNrOfSegments())]
            id_solvers[tip].CartToJnt(q, qd, qdd, wrenches, tau)
            dyn_params[tip].JntToGravity(q, grav)
            dyn_params[tip].JntToCoriolis(q, qd, cor)
            dyn_params[tip].JntToMass(q, M)
            dyn[tip] = {
                "tau": [tau[i] for i in range(k)],
                "gravity": [grav[i] for i in range(k)],
                "coriolis": [cor[i] for i in range(k)],
                "mass": [M[r, c] for r in range(k) for c in range(k)],
            }
        out["fk"].append(fk)
        out["jac"].append(jac)
        out["dyn"].append(dyn)

    repeat = req.get("benchRepeat", 0)
    if repeat > 0:
        out["bench"] = bench(req, chains, names, fk_solvers, jac_solvers, id_solvers, repeat)
    json.dump(out, sys.stdout)


def bench(req, chains, names, fk_solvers, jac_solvers, id_solvers, repeat):
    """Time FK (tip) + Jacobian (tip) + RNE on every root-to-leaf chain, per configuration.

    Inputs and outputs are KDL objects built before the timed loop, so only solver calls are timed
    (plus the Python call overhead, which is what a Python user of PyKDL pays)."""
    work = []
    for cfg in req["configs"]:
        for tip in req["dynTips"]:
            k = len(names[tip])
            work.append(
                (
                    fk_solvers[tip],
                    jac_solvers[tip],
                    id_solvers[tip],
                    jnt_array(names[tip], cfg["q"]),
                    jnt_array(names[tip], cfg["qd"]),
                    jnt_array(names[tip], cfg["qdd"]),
                    kdl.Frame(),
                    kdl.Jacobian(k),
                    kdl.JntArray(k),
                    [kdl.Wrench() for _ in range(chains[tip].getNrOfSegments())],
                )
            )
    configs = len(req["configs"])
    start = time.perf_counter()
    for _ in range(repeat):
        for fk, jac, rne, q, qd, qdd, f, J, tau, wrenches in work:
            fk.JntToCart(q, f)
            jac.JntToJac(q, J)
            rne.CartToJnt(q, qd, qdd, wrenches, tau)
    seconds = time.perf_counter() - start
    return {"configurations": configs * repeat, "seconds": seconds}


if __name__ == "__main__":
    main()
