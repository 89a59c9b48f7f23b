"""The Python examples of the seed API reference, copied unmodified (functions), driven against a
running service. Usage: BASE_URL=http://host:port/api/v1 TOKEN=... python3 reference_examples.py
Prints one line per step; exits non-zero on the first failure."""
import json
import os
import sys
import tempfile

import requests


# ---- verbatim from projects-api-reference.txt --------------------------------------------------
def save_project(base_url, token, workspace_id, project_data):
    """Create or update a project."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json"
    }

    data = {"project": project_data}

    url = f"{base_url}/projects/{workspace_id}/save"
    response = requests.post(url, headers=headers, json=data)
    return response.json()


def list_projects(base_url, token, workspace_id, scopes="user"):
    """List all projects in a workspace."""
    headers = {"Authorization": f"Bearer {token}"}
    params = {"scopes": scopes}

    url = f"{base_url}/projects/{workspace_id}/list"
    response = requests.get(url, headers=headers, params=params)
    return response.json()


def load_project(base_url, token, workspace_id, project_id, scope="user"):
    """Load a specific project."""
    headers = {"Authorization": f"Bearer {token}"}
    params = {"project_id": project_id, "scope": scope}

    url = f"{base_url}/projects/{workspace_id}/load"
    response = requests.get(url, headers=headers, params=params)
    return response.json()


def export_project(base_url, token, workspace_id, project_id, scope="user"):
    """Export a project with all its data."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json"
    }

    data = {
        "project_id": project_id,
        "scope": scope
    }

    url = f"{base_url}/projects/{workspace_id}/export-project"
    response = requests.post(url, headers=headers, json=data)
    return response.json()


def import_project(base_url, token, workspace_id, export_data, scope="user"):
    """Import a project from exported data."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json"
    }

    data = {
        "export_data": export_data,
        "scope": scope
    }

    url = f"{base_url}/projects/{workspace_id}/import-project"
    response = requests.post(url, headers=headers, json=data)
    return response.json()


def copy_project(base_url, token, target_workspace_id, project_id,
                 source_workspace_id, new_project_name=None, target_scope="user"):
    """Copy a project to another workspace."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json"
    }

    data = {
        "project_id": project_id,
        "workspace_id": source_workspace_id,
        "target_scope": target_scope
    }

    if new_project_name:
        data["new_project_name"] = new_project_name

    url = f"{base_url}/projects/{target_workspace_id}/copy"
    response = requests.post(url, headers=headers, json=data)
    return response.json()


def cleanup_projects(base_url, token, workspace_id, project_id=None, scope="user"):
    """Delete projects from a workspace."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json"
    }

    data = {}
    if project_id:
        data["project"] = {"id": project_id, "scope": scope}
    else:
        data["project"] = {"scope": scope}

    url = f"{base_url}/projects/{workspace_id}/cleanup"
    response = requests.post(url, headers=headers, json=data)
    return response.json()
# ---- end of the reference's code ----------------------------------------------------------------


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}")
        sys.exit(1)
    print(f"ok: {what}")


def main():
    base_url = os.environ["BASE_URL"]
    token = os.environ["TOKEN"]
    steps = os.environ.get("STEPS", "save,load,export,import,copy,cleanup").split(",")

    # the reference's usage, with the ids the service hands out
    project = {
        "name": "Financial Risk Analysis",
        "description": "Project for analyzing financial risk factors",
        "metadata": {
            "department": "risk_management",
            "priority": "high"
        }
    }
    result = save_project(base_url, token, "workspace_id", project)
    print(f"Project saved with ID: {result['data']['project_id']}")
    project_id = result['data']['project_id']
    check(result["status"] == "success", "save")

    if "list" in steps:
        projects = list_projects(base_url, token, "workspace_id", "user,organization")
        for p in projects['data']:
            print(f"Project: {p['name']} (ID: {p['id']})")
        check(any(p["id"] == project_id for p in projects["data"]), "list shows the saved project")

    project = load_project(base_url, token, "workspace_id", project_id)
    print(f"Loaded project: {project['data']['name']}")
    check(project["data"]["name"] == "Financial Risk Analysis", "load")

    export_data = export_project(base_url, token, "workspace_id", project_id)
    print(f"Exported {export_data['data']['summary']['total_tables']} tables")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "project_export.json")
        with open(path, "w") as f:
            json.dump(export_data['data'], f)
        with open(path, "r") as f:
            export_data = json.load(f)
    result = import_project(base_url, token, "target_workspace_id", export_data)
    print(f"Imported project with new ID: {result['data']['new_project_id']}")
    check(result["status"] == "success", "import")

    result = copy_project(base_url, token, "target_workspace", project_id,
                          "workspace_id", "Copy of Financial Analysis")
    print(f"Project copied with ID: {result['data']['new_project_id']}")
    check(result["status"] == "success", "copy")

    result = cleanup_projects(base_url, token, "workspace_id", project_id)
    check(result["status"] == "success", "cleanup of one project")
    result = cleanup_projects(base_url, token, "workspace_id")
    print(result['message'])
    check(result["status"] == "success", "cleanup of all user projects")


if __name__ == "__main__":
    main()
