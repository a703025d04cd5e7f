# Ingest: read each shard's essay files, screen them (deid), withhold the text of any essay the
# gate does not clear, then gather the shards and join the manifest's metadata. Essays are
# sharded (crc32 of the id; essays no coder has coded yet in the "uncoded" shard) so a new essay
# re-reads one shard, and there is no job per essay. The shards do not read the manifest, so a
# new manifest row re-runs only the gathering step.
# Runs thematic.stages.ingest_shard and thematic.stages.ingest.


rule ingest_shard:
    input:
        essays=shard_essays,
        waivers=optional_waivers,
    output:
        screened=artifact("essay_shard"),
        findings=artifact("findings_shard"),
        status=artifact("status_shard"),
    log:
        "logs/ingest_shard/{shard}.log",
    conda:
        "../envs/thematic.yaml"
    params:
        policy=config["deid"]["policy"],
        study_dir=".",
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"


rule ingest:
    input:
        shards=expand(artifact("essay_shard"), shard=SHARDS),
        manifest=optional_manifest,
    output:
        essays=artifact("essays"),
    log:
        "logs/ingest.log",
    conda:
        "../envs/thematic.yaml"
    params:
        code=CODE_VERSION,
    script:
        "../scripts/run_stage.py"
