package io.projectservice.projects;

/** A usable share that lets a caller into a project, as far as access decisions need it. */
public interface ShareGrant {
    /** An editor's share lets its recipient change the project; a viewer's only read it. */
    boolean editor();
}
